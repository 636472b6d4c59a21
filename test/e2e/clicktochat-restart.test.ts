/**
 * Click-to-chat survives a crash: an ofgate process (embedded store, as a single install runs)
 * is killed with SIGKILL with pairs live and the round-robin queue part-way round; started again
 * on the same data directory, it has the same queue order and the same pairs, and the next client
 * goes to the helpdesk user whose turn it was.
 *
 * The process runs against the shared world's ejabberd with the shim's events off for it (they go
 * to the in-process world): it learns who is online from ejabberd's sessions at each start (the
 * helpdesk host's seed), so the helpdesk users connect before it starts.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { OfgateProcess } from '../harness/ofgate-process.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldProcess } from '../harness/world-process.js';
import { helpdeskUser, registration, type HelpdeskUser } from '../kit/clicktochat-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, type TestXmpp } from '../kit/xmpp-test-client.js';
import { eventually } from '../kit/eventually.js';

interface View {
  queue: string[];
  pairs: Array<{ client: string; agent: string | null; status: string; since: string }>;
}

describe('click-to-chat over a SIGKILL and restart (e2e, embedded store)', function () {
  this.timeout(90_000);
  let w: Stack;
  let p: OfgateProcess;
  const agents: HelpdeskUser[] = [];
  const clients: TestXmpp[] = [];

  const view = async (): Promise<View> => {
    const res = await request(p.url).get('/clicktochat/pairs').set('Authorization', w.secret).set('Accept', 'application/json');
    assert.equal(res.status, 200, res.text);
    return res.body as View;
  };
  /** The queue and pairs restricted to this test's helpdesk users (other files' are gone, but be exact). */
  const ours = (v: View) => ({
    queue: v.queue.filter((a) => agents.some((x) => x.jid === a)),
    pairs: v.pairs.filter((c) => agents.some((x) => x.jid === c.agent)),
  });
  const register = async (name: string): Promise<string> => {
    const res = await request(p.url).post('/clicktochat/register').set('Authorization', w.secret).send(registration(name, 'pw'));
    assert.equal(res.status, 201, res.text);
    return /<to>([^<]*)<\/to>/.exec(res.text)?.[1] ?? '';
  };

  before(async () => {
    w = await getWorld();
    for (const n of [1, 2, 3]) agents.push(await helpdeskUser(w, `ctcrs${n}`));
    p = await startWorldProcess(w, 'clicktochat-restart', { 'clicktochat.maxSessions': 2 });
  });
  after(async () => {
    for (const c of clients) await c.stop().catch(() => undefined);
    for (const a of agents) await a.xmpp.stop().catch(() => undefined);
    await p?.dispose();
  });

  it('when ofgate is killed with live pairs and the queue part-way round, then after the restart both are as they were and the next client goes to the next in turn', async () => {
    // the helpdesk users' presence is seeded from ejabberd's sessions as the process starts: wait for it, bounded
    await eventually(async () => ours(await view()).queue.length === 3, 'the three helpdesk users, seen at start');
    const start = ours(await view());
    const names = [unique('ctcrc'), unique('ctcrc')];
    const got: string[] = [];
    for (const name of names) {
      got.push(await register(name));
      clients.push(await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: name, password: 'pw' }));
    }
    assert.deepEqual(got, start.queue.slice(0, 2), 'round robin from the head');
    const before = ours(await view());
    assert.deepEqual(before.queue, [start.queue[2], start.queue[0], start.queue[1]]);
    assert.equal(before.pairs.length, 2);

    await p.kill9();
    await p.restart();

    const after = ours(await view());
    assert.deepEqual(after.queue, before.queue, 'the queue order survives');
    assert.deepEqual(after.pairs, before.pairs, 'the pairs survive (same agents, same since)');
    const next = unique('ctcrc');
    assert.equal(await register(next), before.queue[0], 'the next client goes to the one whose turn it was');
    clients.push(await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: next, password: 'pw' }));
    for (const name of [...names, next]) {
      const res = await request(p.url).post('/clicktochat/disconnect').set('Authorization', w.secret).send(`<username>${name}@${w.domain}</username>`);
      assert.equal(res.status, 200, res.text);
    }
  });
});
