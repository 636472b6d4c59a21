/**
 * stream-routing.ts's takeovers: requests for a user whose recorded stream nobody holds, arriving
 * together with each other and with the orphan sweep (an instance's first seconds after a
 * restart), reopen the stream once and are all served here. Two reopens of one stream race for
 * the same session and one of them fails (the 503 the fastpath-restart e2e saw now and then).
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLeases, createStreamRouting, type Leases, type StreamRouting } from '../../../gateway/cluster/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const request = { method: 'GET', url: '/restapi/v1/chat/u1/presence', headers: {} } as unknown as IncomingMessage;
const response = {} as ServerResponse;

describe('stream routing: one takeover per user at a time', () => {
  let store: Store;
  let leases: Leases;
  let routing: StreamRouting;
  let reopened: string[];
  let finishReopen: () => void;
  let failReopen: (err: Error) => void;

  beforeEach(async () => {
    store = createMemoryStore();
    leases = createLeases({ store, clock: createFakeClock(), instanceId: 'b', ttlMs: 3_000 });
    await leases.start();
    reopened = [];
    routing = createStreamRouting({
      store, leases, registry: { urlOf: async () => undefined }, instanceId: 'b', secret: 's', forwardTimeoutMs: 1_000,
      log: silentLogger, openHere: { byStreamId: () => undefined, byUser: () => undefined }, relinquish: async () => {},
      reopen: (username) => {
        reopened.push(username);
        return new Promise<void>((resolve, reject) => {
          finishReopen = resolve;
          failReopen = reject;
        });
      },
    });
    // the records a dead instance left: u1 had the stream a.x1, its lease is nobody's now
    await store.collection('chatUsers').put('u1', { streamId: 'a.x1' });
    await store.collection('chatStreams').put('a.x1', { username: 'u1' });
  });
  afterEach(() => leases.stop());

  const settledOnce = async (n: number): Promise<void> => {
    for (let i = 0; i < 50 && reopened.length < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('two requests and the sweep together reopen the stream once, and every one is served here', async () => {
    const first = routing.gate('username', 'u1', request, response);
    const second = routing.gate('streamid', 'a.x1', request, response);
    const swept = routing.sweep();
    await settledOnce(1);
    // let every caller reach the takeover before the reopen ends
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(reopened, ['u1']);
    finishReopen();
    assert.deepEqual(await Promise.all([first, second]), [false, false]);
    assert.equal(await swept, 0);
    assert.deepEqual(reopened, ['u1']);
    assert.equal(await leases.holder('stream:u1'), 'b');
  });

  it('a failed reopen fails every joined request with a retryable 503 and frees the lease for the next try', async () => {
    const first = routing.gate('username', 'u1', request, response);
    const second = routing.gate('username', 'u1', request, response);
    await settledOnce(1);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    failReopen(new Error('ejabberd refused'));
    for (const r of await Promise.allSettled([first, second])) {
      assert.equal(r.status, 'rejected');
      assert.equal((r as PromiseRejectedResult).reason.status, 503);
    }
    assert.deepEqual(reopened, ['u1']);
    assert.equal(await leases.holder('stream:u1'), undefined);
    const again = routing.gate('username', 'u1', request, response);
    await settledOnce(2);
    finishReopen();
    assert.equal(await again, false);
    assert.deepEqual(reopened, ['u1', 'u1']);
  });
});
