import assert from 'node:assert/strict';
import type { Element } from '@xmpp/xml';
import { GatewayError, isGatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createSessionPool, newStreamId, type StreamNotice, type UserStream, type UserStreamOptions } from '../../../gateway/xmpp/index.js';

interface Opened {
  readonly opts: UserStreamOptions;
  closed: boolean;
}

describe('xmpp session pool', () => {
  let opened: Opened[];
  let checks: Array<[string, string]>;
  let failNext: Error | undefined;
  let gate: Promise<void> | undefined;

  const pool = () => createSessionPool({
    service: 'xmpp://127.0.0.1:5222',
    domain: 'localhost',
    backend: {
      issueToken: async () => 't',
      revokeToken: async () => {},
      checkPassword: async (user, pw) => {
        checks.push([user, pw]);
        return pw === 'right';
      },
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
      const o: Opened = { opts, closed: false };
      opened.push(o);
      const stream: UserStream = {
        username: opts.username,
        jid: `${opts.username}@localhost/r`,
        isOnline: () => !o.closed,
        send: async () => {},
        request: async (el) => el,
        sendAndExpect: async (el) => el,
        intercept: () => () => {},
        close: async () => void (o.closed = true),
      };
      return stream;
    },
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
    p.listen({ stanza: (_s, el) => got.push(el), notice: (s, n) => heard.push([s.username, n]) });
    const { session } = await p.login('erin');
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

  it('when stream ids are made, then they are opaque, URL-safe and distinct', () => {
    const ids = new Set(Array.from({ length: 200 }, newStreamId));
    assert.equal(ids.size, 200);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{24}$/);
  });
});
