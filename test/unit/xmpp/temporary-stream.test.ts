/**
 * Temporary streams (the one implementation behind brief streams, the room helpers and the
 * session pool's withTemporaryStream) over a fake stream opener: token login, always closed,
 * a refused token login as 503, the caller's slots and the pool's login gate, brief streams' cap.
 */
import assert from 'node:assert/strict';
import { GatewayError, isGatewayError } from '../../../gateway/errors/index.js';
import { silentLogger, type Logger } from '../../../gateway/log/index.js';
import { createBriefStreams } from '../../../gateway/member-streams/index.js';
import { createConcurrencyGate, createReconnectScheduler, runOnTemporaryStream, type TemporaryStreamOptions, type UserStream, type UserStreamOptions } from '../../../gateway/xmpp/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

interface Opened {
  readonly opts: UserStreamOptions;
  closed: boolean;
}

/** A promise and its resolver, to hold a job open until the test lets it go. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('member streams: temporary streams', () => {
  let opened: Opened[];
  let tokens: Array<[string, number]>;
  let revoked: string[];
  let failOpen: Error | undefined;
  let failClose: Error | undefined;
  let onOpen: () => void;
  let openWaiters: Array<() => void>;
  /** Resolves once `n` streams have been opened. */
  const untilOpened = (n: number): Promise<void> => new Promise((resolve) => {
    const check = (): void => (opened.length >= n ? resolve() : void openWaiters.push(check));
    check();
  });

  beforeEach(() => {
    opened = [];
    tokens = [];
    revoked = [];
    failOpen = undefined;
    failClose = undefined;
    onOpen = () => {};
    openWaiters = [];
  });

  const options = (extra: Partial<TemporaryStreamOptions> = {}): TemporaryStreamOptions => ({
    service: 'xmpp://127.0.0.1:5222',
    domain: 'localhost',
    tokenTtlSeconds: 60,
    connectTimeoutMs: 1000,
    backend: {
      issueToken: async (jid, ttl) => {
        tokens.push([jid, ttl]);
        return 'tok';
      },
      revokeToken: async (t) => void revoked.push(t),
    },
    log: silentLogger,
    openStream: async (opts) => {
      onOpen();
      if (failOpen) throw failOpen;
      const o: Opened = { opts, closed: false };
      opened.push(o);
      for (const w of openWaiters.splice(0)) w();
      const stream: UserStream = {
        username: opts.username,
        jid: `${opts.username}@localhost/r`,
        isOnline: () => !o.closed,
        send: async () => {},
        request: async (el) => el,
        sendAndExpect: async (el) => el,
        intercept: () => () => {},
        close: async () => {
          o.closed = true;
          if (failClose) throw failClose;
        },
      };
      return stream;
    },
    ...extra,
  });

  it('when a job runs, then the stream is opened password-less with a token for the user\'s bare JID, gives the job\'s result and is closed', async () => {
    const jid = await runOnTemporaryStream(options({ stopTimeoutMs: 1000 }), 'gil', async (s) => s.jid);
    assert.equal(jid, 'gil@localhost/r');
    const o = opened[0];
    assert.ok(o);
    assert.equal(o.opts.password, undefined);
    assert.equal(o.opts.stopTimeoutMs, 1000);
    assert.equal(o.opts.reconnect, undefined);
    assert.equal(await o.opts.issueToken(), 'tok');
    await o.opts.revokeToken('tok');
    assert.deepEqual({ tokens, revoked, closed: o.closed }, { tokens: [['gil@localhost', 60]], revoked: ['tok'], closed: true });
  });

  it('when the job fails, then the stream is closed and the job\'s error comes out', async () => {
    await assert.rejects(runOnTemporaryStream(options(), 'gil', async () => { throw new Error('job broke'); }), /job broke/);
    assert.equal(opened[0]?.closed, true);
  });

  it('when closing fails, then it is logged and the job\'s result still comes out', async () => {
    const warned: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg) => void warned.push(msg) };
    failClose = new Error('socket gone');
    assert.equal(await runOnTemporaryStream(options({ log }), 'gil', async () => 42), 42);
    assert.deepEqual(warned, ['member stream: close failed']);
  });

  it('when ejabberd refuses the token login, then it is upstream-unavailable naming the account; other failures pass unchanged', async () => {
    failOpen = new GatewayError('unauthorized', 'not-authorized');
    await assert.rejects(runOnTemporaryStream(options(), 'gil', async () => 1), (e: unknown) => isGatewayError(e) && e.kind === 'upstream-unavailable' && /gil@localhost/.test(e.message));
    failOpen = new GatewayError('upstream-timeout', 'connect timeout');
    await assert.rejects(runOnTemporaryStream(options(), 'gil', async () => 1), (e: unknown) => e === failOpen);
    assert.equal(opened.length, 0);
  });

  it('when slots are given, then one is held from before the stream opens until it has closed', async () => {
    const slots = createConcurrencyGate(1);
    const first = deferred();
    const running = runOnTemporaryStream(options({ slots }), 'ann', () => first.promise);
    const second = runOnTemporaryStream(options({ slots }), 'bob', async (s) => s.username);
    await untilOpened(1);
    assert.deepEqual({ opened: opened.map((o) => o.opts.username), waiting: slots.waiting }, { opened: ['ann'], waiting: 1 });
    first.resolve();
    await running;
    assert.equal(await second, 'bob');
    assert.deepEqual({ closed: opened.map((o) => o.closed), inFlight: slots.inFlight }, { closed: [true, true], inFlight: 0 });
  });

  it('when the pool\'s scheduler is given, then its gate is held only while the stream logs in, and reconnects use it and userExists', async () => {
    const scheduler = createReconnectScheduler({ baseMs: 10, maxMs: 100, maxConcurrent: 1, clock: createFakeClock() });
    const asked: string[] = [];
    const backend = { ...options().backend, userExists: async (u: string) => (asked.push(u), false) };
    const heldWhileOpening: number[] = [];
    onOpen = () => void heldWhileOpening.push(scheduler.gate.inFlight);
    const heldDuringJob = await runOnTemporaryStream(options({ scheduler, backend }), 'cy', async () => scheduler.gate.inFlight);
    assert.deepEqual({ heldWhileOpening, heldDuringJob }, { heldWhileOpening: [1], heldDuringJob: 0 });
    const reconnect = opened[0]?.opts.reconnect;
    assert.equal(reconnect?.scheduler, scheduler);
    assert.equal(await reconnect?.userExists(), false);
    assert.deepEqual(asked, ['cy']);
  });

  it('when brief streams are asked for more than maxConcurrent at once, then the others wait for a stream to close', async () => {
    const streams = createBriefStreams({ ...options(), maxConcurrent: 2 });
    const hold = deferred();
    const jobs = ['a', 'b', 'c'].map((u) => streams.withStream(u, async (s) => (await hold.promise, s.username)));
    await untilOpened(2);
    assert.deepEqual(opened.map((o) => o.opts.username), ['a', 'b']);
    hold.resolve();
    assert.deepEqual(await Promise.all(jobs), ['a', 'b', 'c']);
    assert.deepEqual(opened.map((o) => o.closed), [true, true, true]);
  });
});
