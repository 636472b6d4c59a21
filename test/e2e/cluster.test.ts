/**
 * Two ofgate instances behind haproxy (round-robin, no stickiness), sharing Redis, in front of
 * the real ejabberd with mod_ofgate (start-cluster.ts): a user's stream lives on one instance and
 * is reached from both; its SSE tabs on either instance get every event once and in order; when
 * the owner is killed with SIGKILL, the next request reopens the stream on the other instance and
 * the tabs reconnect through the balancer with Last-Event-ID and miss nothing.
 */
import assert from 'node:assert/strict';
import { getCluster, instancesUp } from '../harness/shared-cluster.js';
import type { Cluster } from '../harness/start-cluster.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import { callFresh, type FreshAnswer } from '../kit/fresh-call.js';
import { eventually } from '../kit/eventually.js';
import { basic } from '../kit/http-auth.js';
import { openSse, type SseClient, type SseMessage } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

/** One call through `base` (a fresh connection each, so haproxy balances each call on its own). */
const call = (base: string, method: string, path: string, auth: string, body = '', contentType = 'text/plain'): Promise<FreshAnswer> =>
  callFresh(`${base}${path}`, method, { Authorization: auth, 'Content-Type': contentType }, body);

const chatBodies = (sse: SseClient, from: string): string[] =>
  sse.events.filter((m) => m.event === 'chatapi.chat' && payloadOf<{ from: string }>(m).from.startsWith(from)).map((m) => payloadOf<{ body: string }>(m).body);

describe('two instances behind a balancer (e2e, shared mode)', function () {
  this.timeout(120_000);
  let c: Cluster;
  let peer: TestXmpp;
  let alice = '';
  let peerName = '';
  const password = 'pw "c" <&>';
  let auth = '';
  let streamId = '';
  const tabs: SseClient[] = [];

  before(async function () {
    this.timeout(120_000);
    c = await getCluster();
    await instancesUp(c);
    alice = unique('ca');
    peerName = unique('cp');
    await registerUser(c.ej.apiUrl, c.domain, alice, password);
    await registerUser(c.ej.apiUrl, c.domain, peerName, 'pw');
    auth = basic(alice, password);
    peer = await connectXmpp({ service: c.ej.xmppService, domain: c.domain, username: peerName, password: 'pw' });
  });
  after(async () => {
    for (const t of tabs) t.close();
    await peer?.stop();
  });

  const [A, B] = [0, 1] as const;
  const url = (i: 0 | 1): string => c.instances[i].url;
  const peerJid = (): string => `${peerName}@${c.domain}`;

  it('when a user logs in through one instance, then the stream lives there and a login through the other returns the same stream id', async () => {
    const first = await call(url(A), 'POST', `${API}/chat/${alice}/login`, auth, password);
    assert.equal(first.status, 200, first.text);
    streamId = first.text;
    assert.match(streamId, /^a\./, 'the stream id names its instance');
    const again = await call(url(B), 'POST', `${API}/chat/${alice}/login`, auth, password);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.text, streamId);
    assert.equal(again.instance, 'a', 'answered by the owner, over the internal hop');
    const wrong = await call(url(B), 'POST', `${API}/chat/${alice}/login`, basic(alice, 'nope'), 'nope');
    assert.equal(wrong.status, 401, `the owner still checks the password: ${wrong.text}`);
  });

  it('when tabs are open on both instances and messages flow both ways through either, then each tab gets every event once and in order', async () => {
    const [tabA, tabB] = await Promise.all([openSse(`${url(A)}/sse/${alice}`, { authorization: auth }), openSse(`${url(B)}/sse/${alice}`, { authorization: auth })]);
    tabs.push(tabA, tabB);
    assert.equal(tabA.status, 200, tabA.body);
    assert.equal(tabB.status, 200, tabB.body);
    const incoming = Array.from({ length: 10 }, (_, i) => `in-${i}`);
    for (const body of incoming) await peer.send(xml('message', { to: `${alice}@${c.domain}`, type: 'chat' }, xml('body', {}, body)));
    const outgoing = Array.from({ length: 6 }, (_, i) => `out-${i}`);
    for (const [i, body] of outgoing.entries()) {
      const r = await call(url(i % 2 === 0 ? B : A), 'POST', `${API}/chat/${streamId}/messages/${encodeURIComponent(peerJid())}`, auth, body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.instance, 'a');
    }
    for (const body of outgoing) await peer.waitFor((el) => el.is('message') && el.getChildText('body') === body, 5000, body);
    for (const tab of [tabA, tabB]) await tab.waitUntil(() => chatBodies(tab, peerJid()).length >= incoming.length, 10_000, 'every incoming message');
    assert.deepEqual(chatBodies(tabA, peerJid()), incoming);
    assert.deepEqual(chatBodies(tabB, peerJid()), incoming);
    const ids = (t: SseClient): string[] => t.events.map((m: SseMessage) => m.id);
    assert.deepEqual(ids(tabB).slice(-incoming.length), ids(tabA).slice(-incoming.length), 'the same ids on both instances');
    assert.equal(new Set(ids(tabA)).size, ids(tabA).length, 'no event twice');
  });

  it('when a plain client changes its presence, then each hook event is handled by exactly one instance and both read the same online view', async () => {
    const statuses = Array.from({ length: 8 }, (_, i) => `s-${i}-${unique('')}`);
    for (const status of statuses) await peer.send(xml('presence', {}, xml('status', {}, status)));
    const admin = basic(c.adminUser, c.adminPassword);
    interface Online { instance: string; online: Array<{ jid: string; status: string }> }
    const onlineOf = async (i: 0 | 1): Promise<Online> => JSON.parse((await call(url(i), 'GET', '/ops/online', admin)).text) as Online;
    const last = statuses.at(-1);
    const deadline = Date.now() + 10_000;
    let views: Online[] = [];
    for (;;) {
      views = [await onlineOf(A), await onlineOf(B)];
      if (views.every((v) => v.online.find((o) => o.jid === peerJid())?.status === last)) break;
      if (Date.now() > deadline) assert.fail(`the online views did not reach ${last}: ${JSON.stringify(views)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(views.map((v) => v.instance), ['a', 'b']);
    assert.deepEqual(views[0]?.online, views[1]?.online, 'both instances read the same view');

    interface Ledger { recent: Array<{ id: string; event: string; jid?: string; status?: string }> }
    const ledgers = await Promise.all([A, B].map(async (i) => JSON.parse((await call(url(i as 0 | 1), 'GET', '/ops/hooks', admin)).text) as Ledger));
    const mine = ledgers.flatMap((l) => l.recent).filter((e) => e.event === 'presence_set' && e.jid === peerJid() && statuses.includes(e.status ?? ''));
    assert.deepEqual(mine.map((e) => e.status).sort(), [...statuses].sort(), 'every presence change handled once, by one of the two');
    const ids = ledgers.flatMap((l) => l.recent.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length, 'no hook event handled twice');
  });

  it('when the owner is killed with SIGKILL, then the other instance takes the stream over by itself (rooms re-joined) and reconnecting tabs miss nothing', async () => {
    const [tabA, tabB] = tabs as [SseClient, SseClient];
    const room = unique('croom');
    const join = await call(url(B), 'PUT', `${API}/chat/${streamId}/rooms/${room}`, auth);
    assert.equal(join.status, 200, join.text);
    const occupants = (): Promise<Array<{ jid: string }>> => ejabberdApi(c.ej.apiUrl, 'get_room_occupants', { name: room, service: `conference.${c.domain}` });
    assert.equal((await occupants()).length, 1);
    const lastSeenOnA = tabA.lastEventId;
    await c.instances[A].kill9();
    await c.haproxy.waitServer('a', 'DOWN', 5000);
    // sent while no instance holds alice's stream: ejabberd keeps it offline
    await peer.send(xml('message', { to: `${alice}@${c.domain}`, type: 'chat' }, xml('body', {}, 'while-down')));

    // no request needed: b's sweep finds the orphaned stream once a's lease lapsed and reopens it
    const started = Date.now();
    await tabB.waitUntil(() => chatBodies(tabB, peerJid()).includes('while-down'), 20_000, 'the offline message on b, after the takeover');
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 3000 * 3 + 5000, `taken over in ${tookMs} ms`);
    // the offline message comes right after the new stream's presence, the room's join just after it
    let inRoom: Array<{ jid: string }> = [];
    await eventually(async () => {
      inRoom = await occupants().catch(() => []); // room_not_found until the join recreated it
      return inRoom.length === 1;
    }, 'the room is joined again', 10_000);
    assert.match(inRoom[0]?.jid ?? '', new RegExp(`^${alice}@${c.domain}/`));

    const r = await call(c.url, 'POST', `${API}/chat/${streamId}/messages/${encodeURIComponent(peerJid())}`, auth, 'after-takeover');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.instance, 'b');
    await peer.waitFor((el) => el.is('message') && el.getChildText('body') === 'after-takeover', 5000, 'the message after the takeover');

    // the tab that was on a reconnects through the balancer with its Last-Event-ID
    const back = await openSse(`${c.url}/sse/${alice}`, { authorization: auth, lastEventId: lastSeenOnA });
    tabs.push(back);
    assert.equal(back.status, 200, back.body);
    await back.waitUntil(() => chatBodies(back, peerJid()).includes('while-down'), 10_000, 'the missed message after Last-Event-ID');
    const missed = back.events.map((m) => m.id);
    const sinceOnB = tabB.events.map((m) => m.id).filter((id) => missed.includes(id));
    assert.deepEqual(missed.slice(0, sinceOnB.length), sinceOnB, 'the replay is what b saw after that id, in order');
    assert.equal(chatBodies(back, peerJid()).filter((b) => b === 'while-down').length, 1);

    // the hook stream is read by b now (a read it, or b did all along): the online view moves on
    const status = `after-kill-${unique('')}`;
    await peer.send(xml('presence', {}, xml('status', {}, status)));
    const admin = basic(c.adminUser, c.adminPassword);
    const seenUntil = Date.now() + 15_000;
    for (;;) {
      const view = JSON.parse((await call(url(B), 'GET', '/ops/online', admin)).text) as { online: Array<{ jid: string; status: string }> };
      if (view.online.find((o) => o.jid === peerJid())?.status === status) break;
      if (Date.now() > seenUntil) assert.fail('the surviving instance did not take over reading the hook stream');
      await new Promise((res) => setTimeout(res, 100));
    }

    // same stream id, now on b; a restarted a does not take it back
    await c.instances[A].restart();
    const login = await call(url(A), 'POST', `${API}/chat/${alice}/login`, auth, password);
    assert.equal(login.text, streamId);
    assert.equal(login.instance, 'b');
  });

  it('when the new owner is killed too, then requests through the balancer get "retry" (503) at most until the lease lapses, then are served by the restarted instance', async () => {
    await c.instances[B].kill9();
    const started = Date.now();
    let r: FreshAnswer | undefined;
    while (Date.now() - started < 30_000) {
      r = await call(c.url, 'POST', `${API}/chat/${streamId}/messages/${encodeURIComponent(peerJid())}`, auth, 'after-second-kill');
      if (r.status === 200) break;
      assert.equal(r.status, 503, `only "retry" while the lease lapses: ${r.status} ${r.text}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.equal(r?.status, 200, r?.text);
    assert.equal(r?.instance, 'a');
    assert.ok(Date.now() - started < 3000 * 3 + 5000, `served again after ${Date.now() - started} ms`);
    await peer.waitFor((el) => el.is('message') && el.getChildText('body') === 'after-second-kill', 5000, 'the message after the second takeover');
  });
});
