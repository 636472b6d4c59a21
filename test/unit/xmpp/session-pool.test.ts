import assert from 'node:assert/strict';
import xml, { type Element } from '@xmpp/xml';
import { GatewayError, isGatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createMemoryMembershipStore, createSessionPool, newStreamId, type MembershipStore, type SessionListener, type SessionPoolOptions, type StreamNotice, type UserStream, type UserStreamOptions } from '../../../gateway/xmpp/index.js';

interface Opened {
  readonly opts: UserStreamOptions;
  closed: boolean;
  readonly sent: Element[];
}

const heardBy = (into: Array<[string, string]>): SessionListener => ({
  stanza: (s, el) => void into.push([s.username, `stanza ${el.attrs.id ?? el.name}`]),
  notice: (s, n) => void into.push([s.username, `notice ${n.kind}`]),
});

describe('xmpp session pool', () => {
  let opened: Opened[];
  let checks: Array<[string, string]>;
  let failNext: Error | undefined;
  let gate: Promise<void> | undefined;

  const pool = (extra: Partial<SessionPoolOptions> = {}) => createSessionPool({
    service: 'xmpp://127.0.0.1:5222',
    domain: 'localhost',
    backend: {
      issueToken: async () => 't',
      revokeToken: async () => {},
      checkPassword: async (user, pw) => {
        checks.push([user, pw]);
        return pw === 'right';
      },
      userExists: async () => true,
    },
    tokenTtlSeconds: 60,
    connectTimeoutMs: 1000,
    log: silentLogger,
    openStream: async (opts) => {
      await gate;
      if (failNext) {
        const e = failNext;
        failNext = undefined;
        throw e;
      }
      const o: Opened = { opts, closed: false, sent: [] };
      opened.push(o);
      const stream: UserStream = {
        username: opts.username,
        jid: `${opts.username}@localhost/r`,
        isOnline: () => !o.closed,
        send: async (el) => void o.sent.push(el),
        request: async (el) => el,
        sendAndExpect: async (el) => el,
        intercept: () => () => {},
        close: async () => void (o.closed = true),
      };
      return stream;
    },
    ...extra,
  });

  beforeEach(() => {
    opened = [];
    checks = [];
    failNext = undefined;
    gate = undefined;
  });

  it('when a user logs in again, then the same stream id comes back and a given password is checked again', async () => {
    const p = pool();
    const first = await p.login('Alice', 'right');
    assert.equal(first.created, true);
    assert.equal(first.session.username, 'alice');
    assert.equal(opened[0]?.opts.password, 'right', 'the first login is verified by SASL');
    const again = await p.login('alice', 'right');
    assert.equal(again.created, false);
    assert.equal(again.session.streamId, first.session.streamId);
    assert.deepEqual(checks, [['alice', 'right']]);
    await assert.rejects(p.login('alice', 'wrong'), (e: unknown) => isGatewayError(e) && e.status === 401);
    assert.equal((await p.login('alice')).session.streamId, first.session.streamId, 'password-less returns it too');
    assert.equal(opened.length, 1);
  });

  it('when one user logs in twice at once, then one stream is opened and shared', async () => {
    const p = pool();
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const a = p.login('bob');
    const b = p.login('bob', 'right');
    release();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.session.streamId, rb.session.streamId);
    assert.equal(opened.length, 1);
    assert.deepEqual(checks, [['bob', 'right']]);
  });

  it('when the pending login fails, then a concurrent caller tries on its own', async () => {
    const p = pool();
    failNext = new GatewayError('unauthorized', 'bad');
    const [a, b] = await Promise.allSettled([p.login('carol', 'wrong'), p.login('carol')]);
    assert.equal(a.status, 'rejected');
    assert.equal(b.status, 'fulfilled');
    assert.equal(opened.length, 1);
  });

  it('when streams are looked up, then by stream id and by user name (any case)', async () => {
    const p = pool();
    const { session } = await p.login('dave');
    assert.equal(p.byStreamId(session.streamId), session);
    assert.equal(p.byUser('DAVE'), session);
    assert.equal(p.byStreamId('nope'), undefined);
    assert.deepEqual(p.usernames(), ['dave']);
  });

  it('when the server ends a stream for good, then it leaves the pool and the listener hears it', async () => {
    const p = pool();
    const heard: Array<[string, StreamNotice]> = [];
    const got: Element[] = [];
    const { session } = await p.login('erin', undefined, { listener: { stanza: (_s, el) => got.push(el), notice: (s, n) => heard.push([s.username, n]) } });
    opened[0]?.opts.onNotice({ kind: 'closed', reason: 'conflict' });
    assert.deepEqual(heard, [['erin', { kind: 'closed', reason: 'conflict' }]]);
    assert.equal(p.byStreamId(session.streamId), undefined);
    assert.equal(p.byUser('erin'), undefined);
  });

  it('when a user logs off, then the stream is closed and forgotten; a second logoff finds nothing', async () => {
    const p = pool();
    const { session } = await p.login('fay');
    assert.equal(await p.logoff('fay'), true);
    assert.equal(opened[0]?.closed, true);
    assert.equal(p.byStreamId(session.streamId), undefined);
    assert.equal(await p.logoff('fay'), false);
  });

  it('when a temporary stream is used, then it is password-less, not registered, and closed afterwards', async () => {
    const p = pool();
    const jid = await p.withTemporaryStream('gil', async (s) => s.jid);
    assert.equal(jid, 'gil@localhost/r');
    assert.equal(opened[0]?.opts.password, undefined);
    assert.equal(opened[0]?.closed, true);
    assert.equal(p.byUser('gil'), undefined);
  });

  it('when the pool stops, then every stream is closed and logins are refused', async () => {
    const p = pool();
    await p.login('hal');
    await p.login('ivy');
    await p.stop();
    assert.deepEqual(opened.map((o) => o.closed), [true, true]);
    await assert.rejects(p.login('hal'), (e: unknown) => isGatewayError(e) && e.status === 503);
  });

  it('when a session is opened with its own listener, then its stanzas and notices reach only that listener', async () => {
    const p = pool();
    const byJan: Array<[string, string]> = [];
    const byBot: Array<[string, string]> = [];
    await p.login('bot', undefined, { listener: heardBy(byBot) });
    await p.login('jan', undefined, { listener: heardBy(byJan) });
    opened[0]?.opts.onStanza(xml('message', { id: 'm1' }));
    opened[0]?.opts.onNotice({ kind: 'disconnected' });
    opened[1]?.opts.onStanza(xml('message', { id: 'm2' }));
    assert.deepEqual(byBot, [['bot', 'stanza m1'], ['bot', 'notice disconnected']]);
    assert.deepEqual(byJan, [['jan', 'stanza m2']]);
  });

  it('when a reconnect did not resume, then the listener hears it first and the pool re-sends presence and re-joins the rooms', async () => {
    const p = pool();
    const heard: Array<[string, string]> = [];
    const { session } = await p.login('kim', undefined, { listener: heardBy(heard) });
    session.membership.presence('away', 'lunch');
    session.membership.joined('lab@conference.localhost', 'kim');
    session.membership.joined('Ops@conference.localhost', 'kim', 'pw');
    session.membership.joined('gone@conference.localhost', 'kim');
    session.membership.left('gone@conference.localhost');
    const o = opened[0]!;
    o.opts.onNotice({ kind: 'reconnected', resumed: true });
    assert.equal(o.sent.length, 0, 'a resumed session keeps its presence and rooms on the server');
    o.opts.onNotice({ kind: 'reconnected', resumed: false });
    assert.deepEqual(heard.map(([, h]) => h), ['notice reconnected', 'notice reconnected']);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(o.sent.map(String), [
      '<presence><show>away</show><status>lunch</status></presence>',
      '<presence to="lab@conference.localhost/kim"><x xmlns="http://jabber.org/protocol/muc"/></presence>',
      '<presence to="ops@conference.localhost/kim"><x xmlns="http://jabber.org/protocol/muc"><password>pw</password></x></presence>',
    ]);
  });

  it('when the session leaves a room, is kicked from one or goes offline, then the membership follows', async () => {
    const p = pool();
    const { session } = await p.login('lee');
    session.membership.joined('a@conference.localhost', 'lee');
    session.membership.joined('b@conference.localhost', 'lee');
    opened[0]?.opts.onStanza(xml('presence', { from: 'a@conference.localhost/lee', type: 'unavailable' },
      xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' }, xml('status', { code: '307' }), xml('status', { code: '110' }))));
    assert.equal(session.membership.nickIn('a@conference.localhost'), undefined, 'kicked');
    assert.equal(session.membership.nickIn('b@conference.localhost'), 'lee');
    session.membership.presence('offline');
    assert.deepEqual(session.membership.current(), { presence: { mode: 'offline' }, rooms: [] });
  });

  it('when a fresh stream restores a kept membership, then it is loaded from the store and announced; a logoff drops it', async () => {
    const store: MembershipStore = createMemoryMembershipStore();
    await store.save('max', { presence: { mode: 'dnd' }, rooms: [{ room: 'lab@conference.localhost', nick: 'max' }] });
    const p = pool({ membershipStore: store });
    const { session } = await p.login('max');
    await p.restoreMembership(session);
    assert.deepEqual(opened[0]?.sent.map(String), [
      '<presence><show>dnd</show></presence>',
      '<presence to="lab@conference.localhost/max"><x xmlns="http://jabber.org/protocol/muc"/></presence>',
    ]);
    assert.equal(session.membership.nickIn('lab@conference.localhost'), 'max');
    await p.logoff('max');
    assert.equal(await store.load('max'), undefined);
  });

  it('when a stream is released (another instance took it over), then it is closed and gone from the pool but its membership stays', async () => {
    const store: MembershipStore = createMemoryMembershipStore();
    const p = pool({ membershipStore: store });
    const { session } = await p.login('gus');
    session.membership.joined('lab@conference.localhost', 'gus');
    assert.equal(await p.release('gus'), true);
    assert.equal(opened[0]?.closed, true);
    assert.equal(p.byUser('gus'), undefined);
    assert.equal(p.byStreamId(session.streamId), undefined);
    assert.deepEqual((await store.load('gus'))?.rooms, [{ room: 'lab@conference.localhost', nick: 'gus' }]);
    assert.equal(await p.release('gus'), false);
  });

  it('when many password-less logins start at once, then at most reconnectMaxConcurrent open at a time; password logins are not gated', async () => {
    const p = pool({ reconnectMaxConcurrent: 2 });
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const logins = ['n1', 'n2', 'n3', 'n4', 'n5'].map((u) => p.login(u));
    const withPassword = p.login('n6', 'right');
    await new Promise((r) => setImmediate(r));
    assert.equal(p.stats().tokenIssuesInFlight, 2);
    release();
    await Promise.all([...logins, withPassword]);
    assert.deepEqual(p.stats(), { streams: 6, reconnecting: 0, tokenIssuesInFlight: 0, maxTokenIssuesInFlight: 2, gaveUp: 0 });
  });

  it('when streams reconnect and one ends for good meanwhile, then stats count them and the one that gave up', async () => {
    const p = pool();
    await p.login('ola');
    await p.login('pia');
    const [ola, pia] = [opened[0]!, opened[1]!];
    ola.opts.reconnect?.onReconnecting?.(true);
    pia.opts.reconnect?.onReconnecting?.(true);
    assert.equal(p.stats().reconnecting, 2);
    pia.opts.onNotice({ kind: 'closed', reason: 'user-gone' });
    pia.opts.reconnect?.onReconnecting?.(false);
    ola.opts.reconnect?.onReconnecting?.(false);
    assert.deepEqual(p.stats(), { streams: 1, reconnecting: 0, tokenIssuesInFlight: 0, maxTokenIssuesInFlight: 1, gaveUp: 1 });
    assert.equal(await ola.opts.reconnect?.userExists(), true, 'the stream asks the backend whether its user still exists');
  });

  it('when stream ids are made, then they are opaque, URL-safe and distinct', () => {
    const ids = new Set(Array.from({ length: 200 }, newStreamId));
    assert.equal(ids.size, 200);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{24}$/);
  });
});
