/**
 * Fastpath support rooms against the real ejabberd of the shared world: the room of a request
 * is created private to its agent and visitor (options and affiliations read back from
 * ejabberd), the agent's plain XMPP client gets the direct invitation (and ofgate's reader and
 * SSE mapping see it as one, reason = request id), the members join and an outsider is
 * refused, the room outlives its members leaving, its groupchat is archived, create is
 * idempotent (options and affiliations set again), destroy removes it and is idempotent, and
 * odd characters in the workgroup survive both backends.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { stanzaEvents } from '../../gateway/chat/index.js';
import { createEjabberdBackend, type EjabberdBackend } from '../../gateway/ejabberd/index.js';
import { createSupportRooms, type SupportRooms } from '../../gateway/fastpath/support-rooms.js';
import { silentLogger } from '../../gateway/log/index.js';
import { mamQuery, readMamResult, readStanza, type Stanza } from '../../gateway/xmpp/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/** A request id as ofgate makes them: lowercase alphanumerics. */
const requestId = (): string => `r${BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36)}`;

describe('Fastpath support rooms (e2e, real ejabberd)', function () {
  this.timeout(30_000);
  let w: Stack;
  let service: string;
  let backend: EjabberdBackend;
  let rooms: SupportRooms;
  const users: Record<'agent' | 'visitor' | 'outsider', { name: string; jid: string; xmpp: TestXmpp }> = {} as never;

  const connect = async (prefix: string) => {
    const name = unique(prefix);
    await registerUser(w.ej.apiUrl, w.domain, name, 'pw');
    return { name, jid: `${name}@${w.domain}`, xmpp: await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: name, password: 'pw' }) };
  };

  /** The first stanza matching that arrives from now on (the client's record keeps earlier ones too). */
  const next = (t: TestXmpp, match: (el: Stanza) => boolean, what: string): Promise<Stanza> => {
    const from = t.received.length;
    return t.waitFor((el) => t.received.indexOf(el) >= from && match(el), 5000, what);
  };
  /** Sends a MUC join; resolves with our self-presence (status 110) or the error presence. */
  const join = async (t: TestXmpp, room: string, nick: string): Promise<Stanza> => {
    const from = `${room}/${nick}`;
    const answer = next(t, (el) => el.is('presence') && el.attrs.from === from && el.attrs.type !== 'unavailable'
      && (el.attrs.type === 'error' || (el.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).some((s) => s.attrs.code === '110')), `join answer from ${from}`);
    await t.send(xml('presence', { to: from }, xml('x', { xmlns: NS_MUC })));
    return answer;
  };
  const leave = async (t: TestXmpp, room: string, nick: string): Promise<void> => {
    const from = `${room}/${nick}`;
    const gone = next(t, (el) => el.is('presence') && el.attrs.from === from && el.attrs.type === 'unavailable', `leave of ${from}`);
    await t.send(xml('presence', { to: from, type: 'unavailable' }));
    await gone;
  };
  const discoFeatures = async (t: TestXmpp, room: string): Promise<string[]> => {
    const res = await t.xmpp.iqCaller.request(xml('iq', { type: 'get', to: room }, xml('query', { xmlns: NS_DISCO_INFO })), 5000);
    return (res.getChild('query', NS_DISCO_INFO)?.getChildren('feature') ?? []).map((f) => String(f.attrs.var));
  };
  const archive = async (t: TestXmpp, room: string): Promise<string[]> => {
    const qid = unique('q');
    await t.xmpp.iqCaller.request(mamQuery(qid, {}, { max: 50 }, room), 5000);
    return t.received.map((el) => readMamResult(el, qid)).filter((m) => !!m).map((m) => m.body);
  };
  const affiliations = async (id: string) => (await backend.getRoomAffiliations(id, service)).map((a) => `${a.jid}=${a.affiliation}`).sort();

  before(async () => {
    w = await getWorld();
    service = `conference.${w.domain}`;
    backend = createEjabberdBackend({ kind: 'http-api', host: w.domain, httpApiUrl: w.ej.apiUrl, xmlrpcUrl: w.ej.xmlrpcUrl, timeoutMs: 5000 });
    rooms = createSupportRooms({ backend, domain: w.domain, mucService: service, log: silentLogger });
    [users.agent, users.visitor, users.outsider] = await Promise.all([connect('fra'), connect('frv'), connect('fro')]);
  });
  after(async () => {
    await Promise.all(Object.values(users).map((u) => u?.xmpp.stop()));
  });

  describe('one request from accept to end', () => {
    let id: string;
    let room: string;
    before(() => {
      id = requestId();
      room = rooms.jidOf(id);
    });

    it('when the room is created, then ejabberd has it private, members-only, persistent, unlisted, archived, with agent and visitor as its only members', async () => {
      assert.equal(room, `${id}@${service}`);
      await rooms.create(id, { workgroup: 'sales', agent: users.agent.name, visitor: users.visitor.jid });
      const o = await backend.getRoomOptions(id, service);
      assert.ok(o, 'room options');
      assert.deepEqual(
        { title: o.title, public: o.public, public_list: o.public_list, members_only: o.members_only, persistent: o.persistent, mam: o.mam, allow_user_invites: o.allow_user_invites },
        { title: 'sales', public: 'false', public_list: 'false', members_only: 'true', persistent: 'true', mam: 'true', allow_user_invites: 'false' },
      );
      assert.match(o.description ?? '', new RegExp(`${id}.*sales`));
      assert.deepEqual(await affiliations(id), [`${users.agent.jid}=member`, `${users.visitor.jid}=member`].sort());
      assert.ok((await backend.listRooms(service)).includes(room));
      assert.deepEqual(await rooms.occupants(id), []);
    });

    it('when the agent is invited, then its plain XMPP client gets a direct invitation from the room whose reason is the request id, read as such by ofgate', async () => {
      await rooms.inviteAgent(id, users.agent.name);
      const got = await users.agent.xmpp.waitFor((el) => el.is('message') && el.getChild('x', 'jabber:x:conference')?.attrs.jid === room, 5000, 'the direct invitation');
      assert.equal(got.attrs.from, room);
      assert.equal(got.getChild('x', 'jabber:x:conference')?.attrs.reason, id);
      const read = readStanza(got);
      assert.deepEqual(read?.invitation, { kind: 'direct', room, inviter: room, password: null, reason: id });
      const muc = stanzaEvents(read!).filter((e) => e.name === 'chatapi.muc').map((e) => e.data as { type: string; reason: string });
      assert.deepEqual(muc.map((d) => [d.type, d.reason]), [['invitationReceived', id]]);
    });

    it('when the agent and the visitor join, then both are in; a third user is refused with registration-required', async () => {
      const a = await join(users.agent.xmpp, room, 'agent');
      const v = await join(users.visitor.xmpp, room, 'visitor');
      assert.equal(a.attrs.type, undefined, a.toString());
      assert.equal(v.attrs.type, undefined, v.toString());
      assert.deepEqual((await rooms.occupants(id)).sort(), [users.agent.jid, users.visitor.jid].sort());
      const o = await join(users.outsider.xmpp, room, 'nosy');
      assert.equal(o.attrs.type, 'error');
      assert.ok(o.getChild('error')?.getChild('registration-required'), o.toString());
      assert.deepEqual((await rooms.occupants(id)).sort(), [users.agent.jid, users.visitor.jid].sort());
    });

    it('when the visitor writes, then the agent gets it and the room archive (MAM) holds it; the room announces MAM', async () => {
      const body = `help me ${unique('b')} <&> ü`;
      const seen = next(users.agent.xmpp, (el) => el.attrs.type === 'groupchat' && el.getChildText('body') === body, 'the groupchat');
      await users.visitor.xmpp.send(xml('message', { to: room, type: 'groupchat' }, xml('body', {}, body)));
      assert.equal((await seen).attrs.from, `${room}/visitor`);
      assert.ok((await discoFeatures(users.agent.xmpp, room)).includes('urn:xmpp:mam:2'));
      assert.deepEqual(await archive(users.agent.xmpp, room), [body]);
    });

    it('when both members leave, then ejabberd keeps the room (persistent) with its members', async () => {
      await leave(users.agent.xmpp, room, 'agent');
      await leave(users.visitor.xmpp, room, 'visitor');
      assert.deepEqual(await rooms.occupants(id), []);
      assert.ok((await backend.listRooms(service)).includes(room));
      assert.equal((await backend.getRoomOptions(id, service))?.members_only, 'true');
      assert.deepEqual(await affiliations(id), [`${users.agent.jid}=member`, `${users.visitor.jid}=member`].sort());
      const back = await join(users.agent.xmpp, room, 'agent');
      assert.equal(back.attrs.type, undefined, back.toString());
    });

    it('when the room is destroyed with the agent inside, then the agent is told, the room is gone, and destroying again succeeds', async () => {
      const told = next(users.agent.xmpp, (el) => el.is('presence') && el.attrs.from === `${room}/agent` && el.attrs.type === 'unavailable', 'the destroy presence');
      await rooms.destroy(id);
      assert.ok((await told).getChild('x', NS_MUC_USER)?.getChild('destroy'), (await told).toString());
      assert.deepEqual(await rooms.occupants(id), []);
      assert.equal((await backend.listRooms(service)).includes(room), false);
      assert.equal(await backend.getRoomOptions(id, service), undefined);
      await rooms.destroy(id);
    });
  });

  it('when a room is created twice (after its options and members were changed), then the second create sets them back and nothing fails', async () => {
    const id = requestId();
    const req = { workgroup: 'support', agent: users.agent.name, visitor: users.visitor.jid };
    await rooms.create(id, req);
    await backend.setRoomOption(id, service, 'public', 'true');
    await backend.setRoomOption(id, service, 'members_only', 'false');
    await backend.setRoomAffiliation(id, service, users.outsider.jid, 'member');
    await rooms.create(id, req);
    const o = await backend.getRoomOptions(id, service);
    assert.deepEqual([o?.public, o?.members_only, o?.title], ['false', 'true', 'support']);
    assert.deepEqual(await affiliations(id), [`${users.agent.jid}=member`, `${users.visitor.jid}=member`].sort());
    await rooms.create(id, req);
    assert.deepEqual(await affiliations(id), [`${users.agent.jid}=member`, `${users.visitor.jid}=member`].sort());
    await rooms.destroy(id);
  });

  it('when a room is created right after the same room was destroyed, then it exists again with its members', async () => {
    const id = requestId();
    const req = { workgroup: 'support', agent: users.agent.name, visitor: users.visitor.jid };
    await rooms.create(id, req);
    await rooms.destroy(id);
    await rooms.create(id, req);
    assert.equal((await backend.getRoomOptions(id, service))?.members_only, 'true');
    assert.deepEqual(await affiliations(id), [`${users.agent.jid}=member`, `${users.visitor.jid}=member`].sort());
    await rooms.destroy(id);
  });

  for (const kind of ['http-api', 'xmlrpc'] as const) {
    it(`when the workgroup has quotes, markup characters and non-ASCII text (${kind}), then title and description keep them exactly`, async () => {
      const b = createEjabberdBackend({ kind, host: w.domain, httpApiUrl: w.ej.apiUrl, xmlrpcUrl: w.ej.xmlrpcUrl, timeoutMs: 5000 });
      const r = createSupportRooms({ backend: b, domain: w.domain, mucService: service, log: silentLogger });
      const workgroup = `Desk '"<&/> Ünïcødé 客服 😀 ${kind}`;
      const id = requestId();
      await r.create(id, { workgroup, agent: users.agent.name, visitor: users.visitor.jid });
      await r.create(id, { workgroup, agent: users.agent.name, visitor: users.visitor.jid });
      const o = await b.getRoomOptions(id, service);
      assert.equal(o?.title, workgroup);
      assert.equal(o?.description, `Fastpath chat ${id} of workgroup ${workgroup}`);
      await r.destroy(id);
    });
  }

  it('when a bad request id, agent or visitor is given, then a 400 and nothing reaches ejabberd', async () => {
    const req = { workgroup: 'w', agent: users.agent.name, visitor: users.visitor.jid };
    for (const [id, r] of [['Has Space', req], ['x/y', req], ['', req], ['ok1', { ...req, agent: 'a@b' }], ['ok2', { ...req, visitor: 'no-local-part' }], ['ok3', { ...req, visitor: `${users.visitor.jid}/res` }]] as const) {
      await assert.rejects(rooms.create(id, r), (err: { kind?: string }) => err.kind === 'bad-request', `${id} ${JSON.stringify(r)}`);
    }
    assert.equal(await backend.getRoomOptions('ok1', service), undefined);
  });

  describe('an agent on ofgate\'s chat stream', () => {
    let agent: ChatUser;
    before(async () => {
      agent = await chatUser(w, 'frc');
    });
    after(() => agent?.sse.close());

    it('when invited, then it gets chatapi.muc invitationReceived with the request id as reason, and can join the room through ofgate', async () => {
      const id = requestId();
      const room = rooms.jidOf(id);
      await rooms.create(id, { workgroup: 'sales', agent: agent.name, visitor: users.visitor.jid });
      await rooms.inviteAgent(id, agent.name);
      const ev = await waitEvent<{ type: string; room: string; reason: string; inviter: string }>(agent, 'chatapi.muc', (p) => p.type === 'invitationReceived' && p.room === room, 'the invitation');
      assert.deepEqual([ev.reason, ev.inviter], [id, room]);
      const res = await request(w.url).put(`${API}/chat/${agent.streamId}/rooms/${id}`).set('Authorization', agent.auth);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(await rooms.occupants(id), [agent.jid]);
      await rooms.destroy(id);
    });
  });
});
