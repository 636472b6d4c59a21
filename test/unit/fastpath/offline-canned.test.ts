/**
 * Offline messages and canned replies over a real memory store: validation (400 naming the
 * field), newest-first listing per workgroup with paging, expiry, removal (404 for unknown
 * ids), canned replies by title, replace and the per-workgroup bound.
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { cannedInput, createCannedReplies, MAX_REPLIES } from '../../../gateway/fastpath/canned-replies.js';
import { createOfflineMessages, offlineMessageInput, type OfflineMessages } from '../../../gateway/fastpath/offline-messages.js';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const status = (n: number, resource?: string) => (e: unknown) => isGatewayError(e) && e.status === n && (resource === undefined || e.resource === resource);

describe('fastpath offline messages', () => {
  let clock: FakeClock;
  let store: Store;
  let messages: OfflineMessages;
  beforeEach(() => {
    clock = createFakeClock();
    store = createMemoryStore({ clock });
    messages = createOfflineMessages({ store, now: () => clock.now() });
  });

  it('offlineMessageInput: email and message required, name optional, bounded, trimmed', () => {
    assert.deepEqual(offlineMessageInput({ email: ' v@x.org ', message: ' call me ' }), { name: '', email: 'v@x.org', message: 'call me' });
    assert.throws(() => offlineMessageInput({ message: 'm' }), status(400, 'email'));
    assert.throws(() => offlineMessageInput({ email: 'not-mail', message: 'm' }), status(400, 'email'));
    assert.throws(() => offlineMessageInput({ email: 'v@x', message: 'x'.repeat(4001) }), status(400, 'message'));
    assert.throws(() => offlineMessageInput({ email: 'v@x', message: 'm', name: 7 }), status(400, 'name'));
  });

  it('when left in two workgroups, then each lists its own newest first, in pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await messages.leave('sales', { name: `n${i}`, email: 'v@x', message: `m${i}` }, 0)).id);
      clock.advance(10);
    }
    await messages.leave('support', { name: 'o', email: 'o@x', message: 'other' }, 0);
    const page1 = await messages.list('sales', { limit: 2 });
    assert.deepEqual(page1.map((m) => m.message), ['m2', 'm1']);
    assert.deepEqual((await messages.list('sales', { after: page1.at(-1)?.id })).map((m) => m.message), ['m0']);
    assert.deepEqual((await messages.list('support')).map((m) => m.workgroup), ['support']);
    await messages.remove('sales', ids[1] as string);
    assert.deepEqual((await messages.list('sales')).map((m) => m.message), ['m2', 'm0']);
    await assert.rejects(messages.remove('sales', ids[1] as string), status(404));
    await assert.rejects(messages.remove('support', ids[0] as string), status(404));
    await assert.rejects(messages.remove('sales', '../x'), status(404));
  });

  it('when the keep time passes, then the message is gone', async () => {
    await messages.leave('sales', { name: '', email: 'v@x', message: 'm' }, 1000);
    clock.advance(1001);
    assert.deepEqual(await messages.list('sales'), []);
  });
});

describe('fastpath canned replies', () => {
  it('when added, replaced and removed, then listed by title; unknown ids 404; bad input 400 naming the field', async () => {
    const canned = createCannedReplies(createMemoryStore());
    const b = await canned.add('sales', cannedInput({ title: 'Bye', text: 'Goodbye!' }));
    const a = await canned.add('sales', cannedInput({ title: 'Alpha', text: 'Hi' }));
    await canned.add('support', cannedInput({ title: 'Other', text: 'x' }));
    assert.deepEqual((await canned.list('sales')).map((r) => r.title), ['Alpha', 'Bye']);
    await canned.replace('sales', b.id, cannedInput({ title: 'Aardvark', text: 'new' }));
    assert.deepEqual(await canned.list('sales'), [{ id: b.id, title: 'Aardvark', text: 'new' }, a]);
    await canned.remove('sales', a.id);
    await assert.rejects(canned.remove('sales', a.id), status(404));
    await assert.rejects(canned.replace('support', b.id, { title: 't', text: 't' }), status(404));
    assert.throws(() => cannedInput({ title: '', text: 'x' }), status(400, 'title'));
    assert.throws(() => cannedInput({ title: 't', text: 'x'.repeat(4001) }), status(400, 'text'));
  });

  it('when a workgroup holds MAX_REPLIES, then another is a 409', async () => {
    const canned = createCannedReplies(createMemoryStore());
    for (let i = 0; i < MAX_REPLIES; i++) await canned.add('sales', { title: `t${i}`, text: 'x' });
    await assert.rejects(canned.add('sales', { title: 'one more', text: 'x' }), status(409));
  });
});
