import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Client, ClientOptions } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { systemClock } from '../../../gateway/clock/index.js';
import { createReconnectScheduler, openUserStream, type StreamNotice, type UserStreamOptions } from '../../../gateway/xmpp/index.js';

type Auth = { creds: Record<string, unknown>; mechanism: string };
type Middleware = (ctx: { stanza: Element }, next: () => unknown) => unknown;

/**
 * Just enough of an @xmpp/client for openUserStream: SASL through `credentials`, events,
 * middleware, and connect/open as the stream's own reconnect loop drives them.
 */
class FakeClient extends EventEmitter {
  status = 'offline';
  jid: { toString(): string } | null = null;
  readonly options = { lang: undefined };
  readonly auths: Auth[] = [];
  readonly sent: Element[] = [];
  readonly middlewares: Middleware[] = [];
  middleware = { use: (fn: Middleware) => void this.middlewares.push(fn) };
  iqCallee = { set: () => {}, get: () => {} };
  iqCaller = { request: async (el: Element) => el };
  saslFactory = { use: () => {} };
  reconnect = { running: true, stop: () => void (this.reconnect.running = false), start: () => void (this.reconnect.running = true) };
  streamManagement = new EventEmitter();
  stops = 0;
  connects = 0;
  hang = false;
  refuse = false;
  /** Connections refused (ejabberd down) while > 0, counting down per attempt. */
  down = 0;
  /** The next successful connection resumes the XEP-0198 session. */
  resumable = false;

  constructor(readonly opts: ClientOptions) {
    super();
  }

  private async authenticate(): Promise<void> {
    await this.opts.credentials?.(async (creds, mechanism) => {
      this.auths.push({ creds, mechanism });
      if (this.refuse) throw Object.assign(new Error('not-authorized'), { name: 'SASLError', condition: 'not-authorized' });
    }, ['SCRAM-SHA-1', 'PLAIN', 'X-OAUTH2']);
  }

  async start(): Promise<unknown> {
    if (this.hang) return new Promise(() => {});
    await this.authenticate();
    this.goOnline();
    return this.jid;
  }

  goOnline(): void {
    this.status = 'online';
    this.jid = { toString: () => 'alice@localhost/ofgate-1' };
    this.emit('online', this.jid);
  }

  /** The server went away. */
  drop(): void {
    this.status = 'disconnect';
    this.emit('disconnect', { clean: false });
  }

  async connect(): Promise<void> {
    this.connects += 1;
    if (this.down > 0) {
      this.down -= 1;
      const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      this.emit('error', err);
      this.drop();
      throw err;
    }
    this.status = 'connect';
  }

  async open(): Promise<void> {
    this.status = 'open';
    setImmediate(() => {
      if (this.resumable) {
        this.resumable = false;
        this.status = 'online';
        this.streamManagement.emit('resumed');
        return;
      }
      this.authenticate().then(() => this.goOnline(), (err: unknown) => this.emit('error', err));
    });
  }

  disconnects = 0;
  async disconnect(): Promise<void> {
    this.disconnects += 1;
    this.drop();
  }

  deliver(stanza: Element): void {
    const run = (i: number): unknown => (i < this.middlewares.length ? this.middlewares[i]?.({ stanza }, () => run(i + 1)) : undefined);
    run(0);
  }

  async stop(): Promise<void> {
    this.stops += 1;
    this.status = 'offline';
  }

  async send(el: Element): Promise<void> {
    this.sent.push(el);
  }
}

describe('xmpp user stream', () => {
  let fake: FakeClient;
  let notices: StreamNotice[];
  const noticeWaiters = new Set<{ count: number; resolve: () => void }>();
  /** Resolves once `count` notices came (the reconnected one waits for XEP-0198 to settle). */
  const noticesReach = (count: number): Promise<void> =>
    notices.length >= count ? Promise.resolve() : new Promise((resolve) => void noticeWaiters.add({ count, resolve }));
  let stanzas: Element[];
  let issued: string[];
  let revoked: string[];
  let userExists: boolean;
  let reconnecting: boolean[];

  const open = (o: Partial<UserStreamOptions> = {}) => openUserStream({
    service: 'xmpp://127.0.0.1:5222',
    domain: 'localhost',
    username: 'alice',
    issueToken: async () => {
      const t = `token-${issued.length + 1}`;
      issued.push(t);
      return t;
    },
    revokeToken: async (t) => void revoked.push(t),
    connectTimeoutMs: 200,
    stopTimeoutMs: 100,
    log: silentLogger,
    reconnect: {
      scheduler: createReconnectScheduler({ baseMs: 2, maxMs: 8, maxConcurrent: 1, clock: systemClock }),
      userExists: async () => userExists,
      onReconnecting: (active) => void reconnecting.push(active),
    },
    onStanza: (el) => stanzas.push(el),
    onNotice: (n) => {
      notices.push(n);
      for (const w of [...noticeWaiters]) if (notices.length >= w.count) {
        noticeWaiters.delete(w);
        w.resolve();
      }
    },
    createClient: (opts) => (fake = new FakeClient(opts)) as unknown as Client,
    ...o,
  });

  beforeEach(() => {
    notices = [];
    stanzas = [];
    issued = [];
    revoked = [];
    userExists = true;
    reconnecting = [];
  });

  it('when a password is given, then it authenticates once with PLAIN on loopback, and reconnects use a revoked admin token over X-OAUTH2', async () => {
    await open({ password: 'secret pw' });
    assert.deepEqual(fake.auths, [{ creds: { username: 'alice', password: 'secret pw' }, mechanism: 'PLAIN' }]);
    assert.equal(fake.reconnect.running, false, '@xmpp/reconnect stays off: the stream reconnects by itself');
    fake.drop();
    await noticesReach(2);
    assert.deepEqual(fake.auths[1], { creds: { username: 'alice', password: 'token-1' }, mechanism: 'X-OAUTH2' });
    assert.deepEqual(revoked, ['token-1']);
    assert.ok(!JSON.stringify(fake.auths.slice(1)).includes('secret pw'), 'the password is never used again');
  });

  it('when the service is remote, then the password goes over SCRAM-SHA-1', async () => {
    await open({ password: 'pw', service: 'xmpp://chat.example.org:5222' });
    assert.equal(fake.auths[0]?.mechanism, 'SCRAM-SHA-1');
  });

  it('when no password is given, then a token is issued, used and revoked right after authentication', async () => {
    const s = await open();
    assert.equal(fake.auths[0]?.mechanism, 'X-OAUTH2');
    assert.deepEqual(revoked, ['token-1']);
    assert.equal(s.jid, 'alice@localhost/ofgate-1');
  });

  it('when the server refuses the credentials, then 401 and the client is stopped', async () => {
    await assert.rejects(open({ password: 'wrong', createClient: (opts) => { fake = new FakeClient(opts); fake.refuse = true; return fake as unknown as Client; } }),
      (e: unknown) => isGatewayError(e) && e.status === 401);
    assert.equal(fake.stops, 1);
    assert.equal(fake.reconnect.running, false, 'no reconnect loop after a failed login');
  });

  it('when the server never answers, then the start is bounded (504) and the client stopped', async () => {
    await assert.rejects(open({ createClient: (opts) => { fake = new FakeClient(opts); fake.hang = true; return fake as unknown as Client; } }),
      (e: unknown) => isGatewayError(e) && e.status === 504);
    assert.equal(fake.stops, 1);
  });

  it('when the connection drops and comes back, then one disconnected and one reconnected notice, and the loop is reported', async () => {
    await open();
    fake.drop();
    await noticesReach(2);
    assert.deepEqual(notices, [{ kind: 'disconnected' }, { kind: 'reconnected', resumed: false }]);
    assert.deepEqual(reconnecting, [true, false]);
    fake.resumable = true;
    fake.drop();
    await noticesReach(4);
    assert.deepEqual(notices.slice(2), [{ kind: 'disconnected' }, { kind: 'reconnected', resumed: true }]);
  });

  it('when ejabberd stays unreachable and then refuses tokens for a while, then the stream keeps trying (no attempt limit) and comes back', async () => {
    await open();
    fake.down = 15;
    fake.drop();
    await new Promise((r) => setTimeout(r, 20));
    fake.refuse = true;
    const waitRefusals = async (n: number): Promise<void> => {
      while (fake.auths.filter((a) => a.mechanism === 'X-OAUTH2').length < n) await new Promise((r) => setTimeout(r, 2));
    };
    await waitRefusals(13); // the first login + 12 refused reconnects
    fake.refuse = false;
    await noticesReach(2);
    assert.deepEqual(notices, [{ kind: 'disconnected' }, { kind: 'reconnected', resumed: false }]);
    assert.ok(fake.connects >= 15 + 12 + 1, `every failure was retried (${fake.connects} connects)`);
    assert.ok(fake.disconnects >= 12, 'an unauthenticated connection is dropped before the next try');
    assert.deepEqual(revoked, issued, 'every issued token was revoked');
  });

  it('when a reconnect cannot authenticate and the account is gone, then the stream ends for good (user-gone)', async () => {
    await open();
    userExists = false;
    fake.refuse = true;
    fake.drop();
    await noticesReach(2);
    assert.deepEqual(notices, [{ kind: 'disconnected' }, { kind: 'closed', reason: 'user-gone' }]);
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.stops, 1);
    assert.deepEqual(reconnecting, [true, false]);
    const connects = fake.connects;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(fake.connects, connects, 'no attempt after the end');
  });

  it('when the stream is closed while waiting to reconnect, then the loop ends without another attempt', async () => {
    const s = await open({ reconnect: { scheduler: createReconnectScheduler({ baseMs: 60_000, maxMs: 60_000, maxConcurrent: 1, clock: systemClock, random: () => 0.99 }), userExists: async () => true, onReconnecting: (a) => void reconnecting.push(a) } });
    fake.drop();
    await s.close();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(reconnecting, [true, false]);
    assert.equal(fake.connects, 0);
    assert.deepEqual(notices, [{ kind: 'disconnected' }]);
  });

  it('when the stream is kicked (stream error conflict), then a closed notice, no reconnect, the client stopped', async () => {
    await open();
    fake.emit('error', Object.assign(new Error('conflict'), { name: 'StreamError', condition: 'conflict' }));
    assert.deepEqual(notices, [{ kind: 'closed', reason: 'conflict' }]);
    assert.equal(fake.reconnect.running, false);
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.stops, 1);
  });

  it('when the stream is closed, then later drops produce no notices and sends are refused', async () => {
    const s = await open();
    await s.close();
    fake.emit('disconnect', {});
    assert.deepEqual(notices, []);
    await assert.rejects(s.send(xml('presence')), (e: unknown) => isGatewayError(e) && e.status === 404);
  });

  it('when stanzas arrive, then intercepted ones are consumed, others delivered, and a failing listener is contained', async () => {
    let fail = true;
    const s = await open({ onStanza: (el) => { if (fail) { fail = false; throw new Error('listener bug'); } stanzas.push(el); } });
    const release = s.intercept((el) => el.attrs.id === 'mine');
    fake.deliver(xml('message', { id: 'x1' }));
    fake.deliver(xml('message', { id: 'mine' }));
    fake.deliver(xml('message', { id: 'x2' }));
    fake.deliver(xml('r', { xmlns: 'urn:xmpp:sm:3' }));
    assert.deepEqual(stanzas.map((e) => e.attrs.id), ['x2']);
    release();
    fake.deliver(xml('message', { id: 'mine' }));
    assert.deepEqual(stanzas.map((e) => e.attrs.id), ['x2', 'mine']);
  });

  it('when waiting for an answer, then the matching stanza resolves it, or the wait is bounded (504)', async () => {
    const s = await open();
    const waiting = s.sendAndExpect(xml('presence', { to: 'room@c/alice' }), (el) => el.attrs.from === 'room@c/alice', 'join');
    setImmediate(() => fake.deliver(xml('presence', { from: 'room@c/alice' })));
    assert.equal((await waiting).attrs.from, 'room@c/alice');
    await assert.rejects(s.sendAndExpect(xml('presence'), () => false, 'join', 30), (e: unknown) => isGatewayError(e) && e.status === 504);
  });
});
