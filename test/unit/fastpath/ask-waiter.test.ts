/**
 * POST ask's wait on the visitor's event log, with the real event hub on the memory event log:
 * the room offer and depart-queue end the wait with their outcome, nothing ends it as a timeout,
 * an event logged before the wait began is still seen, and events of another request, of
 * another account or of another kind are ignored. The wait closes its subscription when done.
 */
import assert from 'node:assert/strict';
import { createMemoryEventLog } from '../../../gateway/events/index.js';
import { waitForRoom } from '../../../gateway/fastpath/ask-waiter.js';
import { deliveriesOf } from '../../../gateway/fastpath/fastpath-events.js';
import type { RequestRef } from '../../../gateway/fastpath/machine/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createEventHub, type ChatEvent, type EventHub } from '../../../gateway/sse/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const ADDRESSES = { domain: 'example.org', mucService: 'conference.example.org' };
const ACCOUNT = 'fpv-ann1';
const REQ: RequestRef = { workgroup: 'sales', requestId: 'req0001abc', userId: 'ann', visitor: `${ACCOUNT}@example.org` };
const OTHER: RequestRef = { ...REQ, requestId: 'req0002xyz' };
/** Long enough never to be reached in a test that expects an event. */
const LONG = 5_000;
/** What a wait that must time out is given. */
const SHORT = 50;

/** The exact events the effect runner publishes (fastpath-events.ts), so the waiter reads ofgate's real payloads. */
const eventOf = (e: Parameters<typeof deliveriesOf>[0]): ChatEvent => {
  const [d] = deliveriesOf(e, ADDRESSES);
  assert.ok(d);
  return d.event;
};
const offer = (r: RequestRef): ChatEvent => eventOf({ type: 'inviteVisitor', agent: 'alice', request: r });
const depart = (r: RequestRef, reason: 'departure-requested' | 'agent-not-found'): ChatEvent => eventOf({ type: 'departQueue', request: r, reason });
const update = (r: RequestRef): ChatEvent => eventOf({ type: 'updateQueue', request: r, position: 1, estimatedSeconds: 15 });

describe('fastpath ask waiter (POST ask waits for its room)', () => {
  let hub: EventHub;

  beforeEach(() => {
    const clock = createFakeClock();
    const log = createMemoryEventLog({ maxEvents: 100, maxBytes: 1 << 20, maxTotalBytes: 1 << 24, epoch: clock.now() });
    hub = createEventHub({ log, maxBufferedBytes: 1 << 16, heartbeatSeconds: 10, logger: silentLogger, clock });
  });
  afterEach(() => hub.stop());

  it('when the room offer arrives while waiting, then the wait ends with the room', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    hub.publish(ACCOUNT, update(REQ));
    hub.publish(ACCOUNT, offer(REQ));
    assert.deepEqual(await waiting, { kind: 'offer', room: 'req0001abc@conference.example.org' });
  });

  for (const reason of ['agent-not-found', 'departure-requested'] as const) {
    it(`when the visitor departs the queue (${reason}) while waiting, then the wait ends with that reason`, async () => {
      const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
      hub.publish(ACCOUNT, depart(REQ, reason));
      assert.deepEqual(await waiting, { kind: 'depart', reason });
    });
  }

  it('when depart-queue carries no reason, then the wait ends as departure-requested', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    hub.publish(ACCOUNT, { name: 'chatapi.ask', data: { type: 'depart-queue', requestId: REQ.requestId } });
    assert.deepEqual(await waiting, { kind: 'depart', reason: 'departure-requested' });
  });

  it('when nothing decisive arrives in time, then the wait ends as a timeout', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, SHORT);
    hub.publish(ACCOUNT, update(REQ));
    assert.deepEqual(await waiting, { kind: 'timeout' });
  });

  it('when the offer was logged before the wait began, then the wait still sees it', async () => {
    hub.publish(ACCOUNT, update(REQ));
    hub.publish(ACCOUNT, offer(REQ));
    assert.deepEqual(await waitForRoom(hub, ACCOUNT, REQ.requestId, LONG), { kind: 'offer', room: 'req0001abc@conference.example.org' });
  });

  it('when the departure was logged before the wait began, then the wait still sees it', async () => {
    hub.publish(ACCOUNT, depart(REQ, 'agent-not-found'));
    assert.deepEqual(await waitForRoom(hub, ACCOUNT, REQ.requestId, LONG), { kind: 'depart', reason: 'agent-not-found' });
  });

  it('when events of another request of the same account arrive, then they are ignored and its own offer ends the wait', async () => {
    hub.publish(ACCOUNT, depart(OTHER, 'agent-not-found'));
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    hub.publish(ACCOUNT, offer(OTHER));
    hub.publish(ACCOUNT, depart(OTHER, 'departure-requested'));
    hub.publish(ACCOUNT, offer(REQ));
    assert.deepEqual(await waiting, { kind: 'offer', room: 'req0001abc@conference.example.org' });
  });

  it('when only another request\'s offer arrives, then the wait times out', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, SHORT);
    hub.publish(ACCOUNT, offer(OTHER));
    assert.deepEqual(await waiting, { kind: 'timeout' });
  });

  it('when the offer goes to another account\'s log, then this wait does not see it', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, SHORT);
    hub.publish('fpv-someone-else', offer(REQ));
    assert.deepEqual(await waiting, { kind: 'timeout' });
  });

  it('when events of other kinds name the request, then they are ignored', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    hub.publish(ACCOUNT, { name: 'chatapi.muc', data: { type: 'offer', requestId: REQ.requestId, mucRoom: 'wrong@conference.example.org' } });
    hub.publish(ACCOUNT, { name: 'chatapi.ask', data: { type: 'offer', requestId: REQ.requestId } }); // no mucRoom
    hub.publish(ACCOUNT, { name: 'chatapi.ask', data: { type: 'groupchat', requestId: REQ.requestId, body: 'hi' } });
    hub.publish(ACCOUNT, offer(REQ));
    assert.deepEqual(await waiting, { kind: 'offer', room: 'req0001abc@conference.example.org' });
  });

  it('when the wait is over, then its subscription is closed', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    assert.equal(hub.hasListeners(ACCOUNT), true);
    hub.publish(ACCOUNT, offer(REQ));
    await waiting;
    await new Promise<void>((r) => queueMicrotask(r));
    assert.equal(hub.hasListeners(ACCOUNT), false);
  });

  it('when the hub stops while waiting, then the wait ends as a timeout instead of hanging', async () => {
    const waiting = waitForRoom(hub, ACCOUNT, REQ.requestId, LONG);
    hub.stop();
    assert.deepEqual(await waiting, { kind: 'timeout' });
  });
});
