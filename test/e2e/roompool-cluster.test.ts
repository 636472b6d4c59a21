/**
 * The room pool with two instances behind the balancer (shared mode): the pool is switched on at
 * run time through the API (the shared cluster's configuration leaves it off), exactly one
 * instance runs the bot, and when that instance is killed (SIGKILL) the other takes the bot over:
 * rooms, the queue and the matching carry on through the balancer, a stock room that disappears
 * meanwhile is noticed and replaced, and no room of the site is left in ejabberd without a record.
 */
import assert from 'node:assert/strict';
import { getCluster, instancesUp } from '../harness/shared-cluster.js';
import type { Cluster } from '../harness/start-cluster.js';
import { eventually } from '../kit/eventually.js';
import { callFresh } from '../kit/fresh-call.js';
import { joinRoom, MODERN } from '../kit/roompool-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, type TestXmpp } from '../kit/xmpp-test-client.js';

interface Answer { status: number; body: Record<string, unknown>; text: string }

/** One call on a fresh connection (haproxy balances each); retried while the balancer still sends to the dead instance. */
async function call(c: Cluster, method: string, path: string, body?: unknown): Promise<Answer> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const headers = { Authorization: c.secret, 'Content-Type': 'application/json', Accept: 'application/json' };
    const r = await callFresh(`${c.url}${path}`, method, headers, body === undefined ? '' : JSON.stringify(body), 15_000).catch(() => undefined);
    if (r && r.status !== 502 && r.status !== 503) return { status: r.status, text: r.text, body: r.text.startsWith('{') ? (JSON.parse(r.text) as Record<string, unknown>) : {} };
    if (Date.now() > deadline) throw new Error(`${method} ${path}: ${r ? `${r.status} ${r.text}` : 'no answer'} for 20 s`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('room pool with two instances behind a balancer (e2e, shared mode)', function () {
  this.timeout(120_000);
  let c: Cluster;
  const clients: TestXmpp[] = [];
  const site = 'helpim'; // the configuration's default: the cluster's own ejabberd has no other pool
  const stats = async () => (await call(c, 'GET', `${MODERN}/roompool/statistics`)).body as { botInstance?: string; available: number; staffWaiting: number; chatting: number };
  const status = async (name: string) => ((await call(c, 'GET', `${MODERN}/roompool/rooms/${name}`)).body.status as string);
  const poolRooms = async () => ((await ejabberdApi<string[]>(c.ej.apiUrl, 'muc_online_rooms', { service: `conference.${c.domain}` })).map((j) => j.split('@')[0] ?? '').filter((n) => n.startsWith(`${site}_`)).sort());
  const account = async (prefix: string): Promise<{ name: string; xmpp: TestXmpp; jid: string }> => {
    const name = unique(prefix);
    await registerUser(c.ej.apiUrl, c.domain, name, 'pw');
    const xmpp = await connectXmpp({ service: c.ej.xmppService, domain: c.domain, username: name, password: 'pw' });
    clients.push(xmpp);
    return { name, xmpp, jid: `${name}@${c.domain}` };
  };

  before(async () => {
    c = await getCluster();
    await instancesUp(c);
  });
  after(async () => {
    await Promise.all(clients.map((x) => x.stop().catch(() => undefined)));
    if (!c) return;
    await instancesUp(c);
    await call(c, 'PUT', `${MODERN}/roompool/settings`, { enabled: false, poolSize: 0 }).catch(() => undefined);
    const live = ((await call(c, 'GET', `${MODERN}/roompool/rooms`)).body.rooms ?? []) as Array<{ name: string }>;
    for (const r of live) await call(c, 'DELETE', `${MODERN}/roompool/rooms/${r.name}`).catch(() => undefined);
  });

  it('when the instance running the bot is killed, then the other takes it over and the pool, the queue and matching carry on', async () => {
    const put = await call(c, 'PUT', `${MODERN}/roompool/settings`, { enabled: true, poolSize: 1, cleanupMs: 3000 });
    assert.equal(put.status, 200, put.text);
    await eventually(async () => (await stats()).available === 1 && (await poolRooms()).length === 1, 'the stock room made by one bot', 20_000);
    const holder = (await stats()).botInstance;
    const ids = c.instances.map((i) => i.instanceId);
    assert.ok(holder && ids.includes(holder), `one instance runs the bot: ${holder}`);

    const staff = await account('rpcls');
    const dept = unique('d');
    const t = await call(c, 'POST', `${MODERN}/roompool/staff`, { staff: staff.name, department: dept });
    assert.equal(t.status, 201, t.text);
    const room = t.body as { name: string; room: string; password: string };
    assert.equal(await joinRoom({ ...staff, name: staff.name }, room.room, room.password), 'joined');
    await eventually(async () => (await status(room.name)) === 'staffWaiting', 'staffWaiting', 15_000);

    const dead = c.instances.find((i) => i.instanceId === holder);
    assert.ok(dead);
    await dead.kill9();
    const other = ids.find((id) => id !== holder);
    await eventually(async () => (await stats()).botInstance === other, `${other} runs the bot`, 20_000);

    // a stock room disappears: the new bot notices (reconcile) and makes another
    const stockBefore = (await poolRooms()).filter((n) => n !== room.name);
    for (const name of stockBefore) await ejabberdApi(c.ej.apiUrl, 'destroy_room', { name, service: `conference.${c.domain}` });
    await eventually(async () => {
      const now = (await poolRooms()).filter((n) => n !== room.name);
      return now.length === 1 && !stockBefore.includes(now[0] as string) && (await stats()).available === 1;
    }, 'a new stock room made by the surviving bot', 20_000);

    // the queue and matching go on through the balancer
    const client = await account('rpclc');
    const ticket = await call(c, 'POST', `${MODERN}/roompool/clients`, { client: client.name, department: dept });
    assert.deepEqual([ticket.body.status, ticket.body.name], ['reserved', room.name]);
    assert.equal(await joinRoom({ ...client, name: client.name }, room.room, room.password), 'joined');
    await eventually(async () => (await status(room.name)) === 'chatting', 'chatting', 15_000);

    // every room of the site in ejabberd is a live record
    await eventually(async () => {
      const live = ((await call(c, 'GET', `${MODERN}/roompool/rooms`)).body.rooms as Array<{ name: string; status: string }>).filter((r) => r.status !== 'destroyed').map((r) => r.name).sort();
      return (await poolRooms()).join() === live.join();
    }, 'ejabberd and the records agree', 15_000);
  });
});
