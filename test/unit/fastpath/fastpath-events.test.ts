/**
 * Fastpath effects → ofchat's SSE payloads, table-driven: for every effect type the exact
 * deliveries (whose log, event name, data), ofchat's field names and typos (`postion`,
 * `remaingTime`), numbers as strings, `yyyyMMdd'T'HH:mm:ss` UTC timestamps, workgroup JIDs, the
 * MAX_QUEUE_DETAILS cap, and the effects that are no events at all.
 */
import assert from 'node:assert/strict';
import { deliveriesOf, fastpathTimestamp, MAX_QUEUE_DETAILS, workgroupJid, type Delivery, type FastpathAddresses } from '../../../gateway/fastpath/fastpath-events.js';
import type { Effect, QueueDetail, RequestRef } from '../../../gateway/fastpath/machine/index.js';

const A: FastpathAddresses = { domain: 'example.org', mucService: 'conference.example.org' };
const WG = 'sales@workgroup.example.org';
const REQ: RequestRef = { workgroup: 'sales', requestId: 'req0001abc', userId: 'Ann Visitor', visitor: 'fpv-ann1@example.org' };
const T = Date.parse('2026-12-06T07:05:09.123Z');

const detail = (i: number): QueueDetail => ({ requestId: `req${i}`, userId: `user${i}`, position: i, estimatedSeconds: 15 * i, joinedAt: T + i * 1000 });

/** One row per effect type (the Record makes the compiler insist on every type). */
const TABLE: Record<Effect['type'], { effect: Effect; want: Delivery[] }> = {
  sendOffer: {
    effect: { type: 'sendOffer', agent: 'alice', request: REQ, metadata: { question: 'help?', email: 'ann@example.com' }, expiresAt: T },
    want: [{
      to: 'alice',
      event: {
        name: 'chatapi.assist',
        data: { type: 'offerReceived', workgroup: WG, id: 'req0001abc', from: 'fpv-ann1@example.org', metaData: { question: 'help?', email: 'ann@example.com' }, userId: 'Ann Visitor', expiresAt: '2026-12-06T07:05:09.123Z' },
      },
    }],
  },
  transferOutcome: {
    effect: { type: 'transferOutcome', agent: 'alice', target: 'bob', request: REQ, outcome: 'rejected' },
    want: [{ to: 'alice', event: { name: 'chatapi.assist', data: { type: 'transferOutcome', workgroup: WG, id: 'req0001abc', to: 'bob@example.org', outcome: 'rejected' } } }],
  },
  destroyRoom: {
    effect: { type: 'destroyRoom', agent: 'alice', request: REQ, reason: 'agent-ended' },
    want: [
      { to: 'fpv-ann1', event: { name: 'chatapi.ask', data: { type: 'chat-ended', to: 'fpv-ann1@example.org', from: WG, requestId: 'req0001abc', mucRoom: 'req0001abc@conference.example.org', reason: 'agent-ended' } } },
      { to: 'alice', event: { name: 'chatapi.assist', data: { type: 'chatEnded', workgroup: WG, id: 'req0001abc', from: 'fpv-ann1@example.org', userId: 'Ann Visitor', reason: 'agent-ended' } } },
    ],
  },
  revokeOffer: {
    effect: { type: 'revokeOffer', agent: 'bob', request: REQ, reason: 'timeout', text: 'The offer has timed out' },
    want: [{
      to: 'bob',
      event: { name: 'chatapi.assist', data: { type: 'offerRevoked', workgroup: WG, id: 'req0001abc', from: 'fpv-ann1@example.org', reason: 'The offer has timed out', code: 'timeout' } },
    }],
  },
  updateQueue: {
    effect: { type: 'updateQueue', request: REQ, position: 3, estimatedSeconds: 45 },
    want: [{
      to: 'fpv-ann1',
      event: { name: 'chatapi.ask', data: { type: 'update-queue', to: 'fpv-ann1@example.org', from: WG, remaingTime: '45', position: '3', requestId: 'req0001abc' } },
    }],
  },
  departQueue: {
    effect: { type: 'departQueue', request: REQ, reason: 'agent-not-found' },
    want: [{
      to: 'fpv-ann1',
      event: { name: 'chatapi.ask', data: { type: 'depart-queue', to: 'fpv-ann1@example.org', from: WG, reason: 'agent-not-found', requestId: 'req0001abc' } },
    }],
  },
  inviteVisitor: {
    effect: { type: 'inviteVisitor', agent: 'alice', request: REQ },
    want: [{
      to: 'fpv-ann1',
      event: {
        name: 'chatapi.ask',
        data: { type: 'offer', to: 'fpv-ann1@example.org', from: WG, url: null, mucRoom: 'req0001abc@conference.example.org', agent: 'alice@example.org', requestId: 'req0001abc' },
      },
    }],
  },
  notifyAgents: {
    effect: {
      type: 'notifyAgents',
      workgroup: 'sales',
      agents: ['alice', 'bob'],
      summary: { userCount: 2, averageWaitSeconds: 42, oldestJoinedAt: T, status: 'open' },
      details: [detail(1), detail(2)],
    },
    want: ['alice', 'bob'].flatMap((agent): Delivery[] => [
      { to: agent, event: { name: 'chatapi.ask', data: { type: 'notify-queue', to: `${agent}@example.org`, from: WG, averageWaitTime: '42', userCount: '2', status: 'open', oldestEntry: '20261206T07:05:09' } } },
      { to: agent, event: { name: 'chatapi.ask', data: { type: 'notify-queue-details', to: `${agent}@example.org`, from: WG, userid: 'user1', postion: '1', timeRemaining: '15', timestamp: '20261206T07:05:10', requestId: 'req1' } } },
      { to: agent, event: { name: 'chatapi.ask', data: { type: 'notify-queue-details', to: `${agent}@example.org`, from: WG, userid: 'user2', postion: '2', timeRemaining: '30', timestamp: '20261206T07:05:11', requestId: 'req2' } } },
    ]),
  },
  // effects that are work for the runner, not events
  createRoom: { effect: { type: 'createRoom', agent: 'alice', request: REQ, metadata: {} }, want: [] },
  inviteColleague: { effect: { type: 'inviteColleague', agent: 'alice', colleague: 'carol', request: REQ }, want: [] },
  inviteAgent: { effect: { type: 'inviteAgent', agent: 'alice', request: REQ }, want: [] },
  overflow: { effect: { type: 'overflow', from: 'sales', to: 'support', join: { type: 'join', requestId: 'req0001abc', userId: 'Ann Visitor', visitor: REQ.visitor, metadata: {} } }, want: [] },
  schedule: { effect: { type: 'schedule', kind: 'requestTimeout', key: 'req0001abc', at: T, deadline: { kind: 'requestTimeout', requestId: 'req0001abc', requestSeq: 1 } }, want: [] },
  cancelDeadline: { effect: { type: 'cancelDeadline', kind: 'offerTimeout', key: 'req0001abc/alice' }, want: [] },
};

describe('fastpath events (effects → ofchat SSE payloads)', () => {
  for (const [type, row] of Object.entries(TABLE)) {
    it(`when the effect is ${type}, then ${row.want.length === 0 ? 'no event is delivered' : 'the deliveries are exactly ofchat\'s'}`, () => {
      const got = deliveriesOf(row.effect, A);
      assert.deepEqual(got, row.want);
      // every value is plain JSON (no undefined, no Date): what the hub serialises is what was meant
      for (const d of got) assert.deepEqual(JSON.parse(JSON.stringify(d.event.data)), d.event.data);
    });
  }

  it('when the offer is a transfer, then it is an offerReceived marked transfer, naming the transferring agent', () => {
    const got = deliveriesOf({ type: 'sendOffer', agent: 'bob', request: REQ, metadata: {}, expiresAt: T, transferFrom: 'alice' }, A);
    assert.deepEqual(got.map((d) => [d.to, (d.event.data as Record<string, unknown>).type, (d.event.data as Record<string, unknown>).transfer, (d.event.data as Record<string, unknown>).transferFrom]), [['bob', 'offerReceived', true, 'alice@example.org']]);
  });

  it('when a new agent took over the room, then the visitor\'s offer names it and is marked transferred', () => {
    const got = deliveriesOf({ type: 'inviteVisitor', agent: 'bob', request: REQ, transferred: true }, A);
    assert.deepEqual(got.map((d) => [(d.event.data as Record<string, unknown>).agent, (d.event.data as Record<string, unknown>).transferred]), [['bob@example.org', true]]);
  });

  it('when a chat ends without a reason given, then both sides get reason "ended"', () => {
    const got = deliveriesOf({ type: 'destroyRoom', agent: 'alice', request: REQ }, A);
    assert.deepEqual(got.map((d) => [d.to, (d.event.data as Record<string, unknown>).reason]), [['fpv-ann1', 'ended'], ['alice', 'ended']]);
  });

  it('when the queue is empty and no request was served yet, then notify-queue says 0 seconds and no oldest entry, and no details follow', () => {
    const got = deliveriesOf({ type: 'notifyAgents', workgroup: 'sales', agents: ['alice'], summary: { userCount: 0, averageWaitSeconds: null, oldestJoinedAt: null, status: 'closed' }, details: [] }, A);
    assert.deepEqual(got, [{ to: 'alice', event: { name: 'chatapi.ask', data: { type: 'notify-queue', to: 'alice@example.org', from: WG, averageWaitTime: '0', userCount: '0', status: 'closed', oldestEntry: null } } }]);
  });

  it('when notifyAgents names no agent, then nothing is delivered', () => {
    assert.deepEqual(deliveriesOf({ type: 'notifyAgents', workgroup: 'sales', agents: [], summary: { userCount: 1, averageWaitSeconds: 1, oldestJoinedAt: T, status: 'open' }, details: [detail(1)] }, A), []);
  });

  it(`when more than ${MAX_QUEUE_DETAILS} requests wait, then each agent gets the first ${MAX_QUEUE_DETAILS} details only, and the summary counts them all`, () => {
    const details = Array.from({ length: MAX_QUEUE_DETAILS + 10 }, (_, i) => detail(i + 1));
    const got = deliveriesOf({ type: 'notifyAgents', workgroup: 'sales', agents: ['alice', 'bob'], summary: { userCount: details.length, averageWaitSeconds: 5, oldestJoinedAt: T, status: 'open' }, details }, A);
    for (const agent of ['alice', 'bob']) {
      const mine = got.filter((d) => d.to === agent).map((d) => d.event.data as Record<string, unknown>);
      assert.equal(mine.length, 1 + MAX_QUEUE_DETAILS);
      assert.equal(mine[0]?.type, 'notify-queue');
      assert.equal(mine[0]?.userCount, String(MAX_QUEUE_DETAILS + 10));
      assert.deepEqual(mine.slice(1).map((d) => d.postion), Array.from({ length: MAX_QUEUE_DETAILS }, (_, i) => String(i + 1)));
    }
    assert.equal(MAX_QUEUE_DETAILS, 50);
  });

  it('when the visitor JID has a resource, then its event goes to the account\'s log (the local part)', () => {
    const got = deliveriesOf({ type: 'departQueue', request: { ...REQ, visitor: 'fpv-ann1@example.org/web' }, reason: 'departure-requested' }, A);
    assert.deepEqual(got.map((d) => [d.to, (d.event.data as { to: string }).to, (d.event.data as { reason: string }).reason]), [['fpv-ann1', 'fpv-ann1@example.org/web', 'departure-requested']]);
  });

  it('when the workgroup name holds non-ASCII letters, then its JID keeps them', () => {
    assert.equal(workgroupJid('zoë-kundendienst', 'example.org'), 'zoë-kundendienst@workgroup.example.org');
    const got = deliveriesOf({ type: 'updateQueue', request: { ...REQ, workgroup: 'zoë-kundendienst' }, position: 1, estimatedSeconds: 0 }, A);
    assert.equal((got[0]?.event.data as { from: string }).from, 'zoë-kundendienst@workgroup.example.org');
    assert.equal((got[0]?.event.data as { remaingTime: string }).remaingTime, '0');
  });

  const STAMPS: Array<[string, string]> = [
    ['2026-12-06T07:05:09.123Z', '20261206T07:05:09'],
    ['2024-01-01T00:00:00.000Z', '20240101T00:00:00'],
    ['1999-12-31T23:59:59.999Z', '19991231T23:59:59'],
    ['2024-02-29T12:34:56.789+02:00', '20240229T10:34:56'],
  ];
  for (const [iso, want] of STAMPS) {
    it(`when the time is ${iso}, then the timestamp is ${want} (UTC, milliseconds dropped)`, () => {
      assert.equal(fastpathTimestamp(Date.parse(iso)), want);
      assert.match(fastpathTimestamp(Date.parse(iso)), /^\d{8}T\d{2}:\d{2}:\d{2}$/);
    });
  }
});
