/** The audit log over the memory store with a fake clock: newest first, filters, paging, retention; the change descriptions. */
import assert from 'node:assert/strict';
import { createAuditLog, describeChange } from '../../../gateway/audit/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

describe('audit log', () => {
  const setup = (retentionMs = 60_000) => {
    const clock = createFakeClock();
    const log = createAuditLog(createMemoryStore({ clock }), { retentionMs }, clock);
    const write = async (username: string, summary: string) => log.record({ username, summary, node: '10.0.0.1', details: '' });
    return { clock, log, write };
  };

  it('when entries are written over time, then they are listed newest first with epoch-second timestamps and increasing logIds', async () => {
    const { clock, log, write } = setup();
    await write('admin', 'first');
    clock.advance(2000);
    await write('secret', 'second');
    const got = await log.list({ offset: 0, limit: 10 });
    assert.deepEqual(got.map((e) => e.summary), ['second', 'first']);
    assert.equal(got[1]?.timestamp, Math.floor(1_700_000_000_000 / 1000));
    assert.ok((got[0]?.logId ?? 0) > (got[1]?.logId ?? 0));
  });

  it('when filtered by username, time range, offset and limit, then only the matching entries come, in order', async () => {
    const { clock, log, write } = setup(3_600_000);
    const t0 = Math.floor(clock.now() / 1000);
    for (let i = 0; i < 6; i++) {
      await write(i % 2 === 0 ? 'admin' : 'other', `e${i}`);
      clock.advance(1000);
    }
    assert.deepEqual((await log.list({ username: 'admin', offset: 0, limit: 10 })).map((e) => e.summary), ['e4', 'e2', 'e0']);
    assert.deepEqual((await log.list({ offset: 1, limit: 2 })).map((e) => e.summary), ['e4', 'e3']);
    assert.deepEqual((await log.list({ startTime: t0 + 2, endTime: t0 + 4, offset: 0, limit: 10 })).map((e) => e.summary), ['e4', 'e3', 'e2']);
  });

  it('when the retention has passed, then an entry is gone', async () => {
    const { clock, log, write } = setup(60_000);
    await write('admin', 'old');
    clock.advance(61_000);
    await write('admin', 'new');
    assert.deepEqual((await log.list({ offset: 0, limit: 10 })).map((e) => e.summary), ['new']);
  });

  it('when a change is described, then the summary names method and route (and a refusal), the details mask secrets and never hold a body', () => {
    const d = describeChange({ method: 'post', route: '/userService/users', params: { username: 'bob' }, query: { secret: 's3cr3t', type: 'add' }, status: 400, instance: 'i1' });
    assert.equal(d.summary, 'POST /userService/users refused (400)');
    assert.equal(d.details, 'username = bob, secret = ***, type = add, status = 400, instance = i1');
  });
});
