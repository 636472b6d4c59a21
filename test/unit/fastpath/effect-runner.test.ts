/**
 * The effect runner over fakes of its boundaries (event publisher, deadline scheduler, support
 * rooms, ejabberd's sendStanza, the workgroup step, the request's end): effects carried out in
 * order, deadline kinds and ids `<workgroup>:<key>`, a room made → roomCreated, a room that
 * fails → roomFailed, offers and revocations for agents without a stream also sent as XMPP
 * from the workgroup's JID, and one failing effect never stopping the next.
 */
import assert from 'node:assert/strict';
import { DEADLINE_KINDS } from '../../../gateway/fastpath/deadline-kinds.js';
import { createEffectRunner, type EffectRunnerDeps } from '../../../gateway/fastpath/effect-runner.js';
import { deliveriesOf } from '../../../gateway/fastpath/fastpath-events.js';
import type { DeadlineRef, Effect, MachineEvent, RequestRef } from '../../../gateway/fastpath/machine/index.js';
import { NS_OFGATE_FASTPATH } from '../../../gateway/fastpath/offer-notice.js';
import type { SupportRoomRequest, SupportRooms } from '../../../gateway/fastpath/support-rooms.js';
import type { Logger } from '../../../gateway/log/index.js';
import type { ChatEvent } from '../../../gateway/sse/index.js';
import { parseStanzaText } from '../../../gateway/xmpp/index.js';

const ADDRESSES = { domain: 'example.org', mucService: 'conference.example.org' };
const REQ: RequestRef = { workgroup: 'sales', requestId: 'req0001abc', userId: 'ann', visitor: 'fpv-ann1@example.org' };
const T = Date.parse('2026-12-06T07:05:09.000Z');
const REQUEST_DEADLINE: DeadlineRef = { kind: 'requestTimeout', requestId: REQ.requestId, requestSeq: 1 };
const OFFER_DEADLINE: DeadlineRef = { kind: 'offerTimeout', requestId: REQ.requestId, agent: 'alice', offerSeq: 2 };

/** Every boundary as a fake writing one line per call into one journal, so order is checked across them. */
function fakes(o: { streams?: readonly string[]; failing?: ReadonlySet<string> } = {}) {
  const journal: string[] = [];
  const published: Array<{ to: string; event: ChatEvent }> = [];
  const stanzas: Array<{ from: string; to: string; stanza: string }> = [];
  const scheduled: Array<{ kind: string; id: string; at: number; payload: unknown }> = [];
  const applied: Array<{ workgroup: string; event: MachineEvent }> = [];
  const warnings: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  const failing = o.failing ?? new Set<string>();
  const call = (line: string): void => {
    journal.push(line);
    if (failing.has(line.split(' ')[0] as string)) throw new Error(`${line} failed`);
  };
  const rooms: SupportRooms = {
    jidOf: (id) => `${id}@${ADDRESSES.mucService}`,
    async create(id: string, r: SupportRoomRequest) {
      call(`createRoom ${id} ${r.workgroup} ${r.agent} ${r.visitor}`);
    },
    async addMember(id, user) {
      call(`addMember ${id} ${user}`);
    },
    async inviteAgent(id, agent) {
      call(`inviteAgent ${id} ${agent}`);
    },
    async destroy(id) {
      call(`destroyRoom ${id}`);
    },
    async occupants() {
      return [];
    },
  };
  const log: Logger = { debug() {}, info() {}, error() {}, warn: (msg, fields) => void warnings.push({ msg, ...(fields ? { fields } : {}) }) };
  const deps: EffectRunnerDeps = {
    addresses: ADDRESSES,
    events: {
      publish(to, event) {
        call(`publish ${to} ${(event.data as { type: string }).type}`);
        published.push({ to, event });
      },
    },
    deadlines: {
      async schedule(kind, id, at, payload) {
        call(`schedule ${kind} ${id}`);
        scheduled.push({ kind, id, at, payload });
      },
      async cancel(kind, id) {
        call(`cancel ${kind} ${id}`);
        return true;
      },
    },
    rooms,
    backend: {
      async sendStanza(from, to, stanza) {
        call(`sendStanza ${from} ${to}`);
        stanzas.push({ from, to, stanza });
      },
    },
    hasStream: async (u) => (o.streams ?? []).includes(u),
    apply: async (workgroup, event) => {
      call(`apply ${workgroup} ${event.type}`);
      applied.push({ workgroup, event });
    },
    requestEnded: async (id) => call(`requestEnded ${id}`),
    log,
  };
  return { deps, run: createEffectRunner(deps), journal, published, stanzas, scheduled, applied, warnings };
}

describe('fastpath effect runner', () => {
  it('when effects are run, then each is carried out in the order given', async () => {
    const f = fakes({ streams: ['alice'] });
    await f.run('sales', [
      { type: 'updateQueue', request: REQ, position: 1, estimatedSeconds: 15 },
      { type: 'schedule', kind: 'requestTimeout', key: REQ.requestId, at: T, deadline: REQUEST_DEADLINE },
      { type: 'sendOffer', agent: 'alice', request: REQ, metadata: { question: 'q' }, expiresAt: T },
      { type: 'cancelDeadline', kind: 'offerTimeout', key: `${REQ.requestId}/alice` },
      { type: 'createRoom', agent: 'alice', request: REQ, metadata: {} },
      { type: 'inviteAgent', agent: 'alice', request: REQ },
      { type: 'inviteVisitor', agent: 'alice', request: REQ },
      { type: 'destroyRoom', agent: 'alice', request: REQ },
    ]);
    assert.deepEqual(f.journal, [
      'publish fpv-ann1 update-queue',
      'schedule fastpath-request sales:req0001abc',
      'publish alice offerReceived',
      'cancel fastpath-offer sales:req0001abc/alice',
      'createRoom req0001abc sales alice fpv-ann1@example.org',
      'apply sales roomCreated',
      'inviteAgent req0001abc alice',
      'publish fpv-ann1 offer',
      'publish fpv-ann1 chat-ended',
      'publish alice chatEnded',
      'destroyRoom req0001abc',
      'requestEnded req0001abc',
    ]);
    assert.deepEqual(f.warnings, []);
  });

  it('when an agent invites a colleague, then the colleague is made a member of the room before its invitation', async () => {
    const f = fakes();
    await f.run('sales', [{ type: 'inviteColleague', agent: 'alice', colleague: 'carol', request: REQ }]);
    assert.deepEqual(f.journal, ['addMember req0001abc carol', 'inviteAgent req0001abc carol']);
  });

  it('when a chat ends, then the chat-record hook hears of it (with the reason) before the room goes, and its failure stops nothing', async () => {
    const f = fakes();
    const heard: string[] = [];
    const run = createEffectRunner({ ...f.deps, chatEnded: async (wg, id, reason) => {
      heard.push(`${wg} ${id} ${reason}`);
      f.journal.push('chatEnded');
      throw new Error('record store down');
    } });
    await run('sales', [{ type: 'destroyRoom', agent: 'alice', request: REQ, reason: 'agent-ended' }]);
    assert.deepEqual(heard, ['sales req0001abc agent-ended']);
    assert.deepEqual(f.journal, ['publish fpv-ann1 chat-ended', 'publish alice chatEnded', 'chatEnded', 'destroyRoom req0001abc', 'requestEnded req0001abc']);
    assert.equal(f.warnings.length, 1);
  });

  it('when an effect is an event, then exactly the deliveries of fastpath-events are published', async () => {
    const f = fakes({ streams: ['alice', 'bob'] });
    const effects: Effect[] = [
      { type: 'sendOffer', agent: 'alice', request: REQ, metadata: { question: 'q' }, expiresAt: T },
      { type: 'revokeOffer', agent: 'bob', request: REQ, reason: 'accepted-elsewhere', text: 'The offer was accepted by another agent' },
      { type: 'notifyAgents', workgroup: 'sales', agents: ['alice', 'bob'], summary: { userCount: 1, averageWaitSeconds: null, oldestJoinedAt: T, status: 'open' }, details: [{ requestId: REQ.requestId, userId: 'ann', position: 1, estimatedSeconds: 15, joinedAt: T }] },
      { type: 'departQueue', request: REQ, reason: 'departure-requested' },
    ];
    await f.run('sales', effects);
    assert.deepEqual(f.published, effects.flatMap((e) => deliveriesOf(e, ADDRESSES)));
    assert.deepEqual(f.stanzas, [], 'agents with a stream get no XMPP notice');
  });

  const DEADLINES: Array<[string, Effect, string, string]> = [
    ['a request timeout', { type: 'schedule', kind: 'requestTimeout', key: 'req0001abc', at: T, deadline: REQUEST_DEADLINE }, 'fastpath-request', 'sales:req0001abc'],
    ['an offer timeout', { type: 'schedule', kind: 'offerTimeout', key: 'req0001abc/alice', at: T, deadline: OFFER_DEADLINE }, 'fastpath-offer', 'sales:req0001abc/alice'],
    ['a rejection expiry', { type: 'schedule', kind: 'rejectionExpiry', key: 'req0001abc/bob', at: T, deadline: { kind: 'rejectionExpiry', requestId: 'req0001abc', agent: 'bob', until: T } }, 'fastpath-rejection', 'sales:req0001abc/bob'],
  ];
  for (const [what, effect, kind, id] of DEADLINES) {
    it(`when ${what} is scheduled, then the scheduler gets kind ${kind}, id ${id}, the time and the workgroup with the deadline as payload`, async () => {
      const f = fakes();
      await f.run('sales', [effect]);
      assert.ok(effect.type === 'schedule');
      assert.deepEqual(f.scheduled, [{ kind, id, at: T, payload: { workgroup: 'sales', deadline: effect.deadline } }]);
      assert.equal(DEADLINE_KINDS[effect.kind], kind);
    });
  }

  for (const [kind, key, want] of [['requestTimeout', 'r1abcdef', 'cancel fastpath-request support:r1abcdef'], ['offerTimeout', 'r1abcdef/alice', 'cancel fastpath-offer support:r1abcdef/alice'], ['rejectionExpiry', 'r1abcdef/bob', 'cancel fastpath-rejection support:r1abcdef/bob']] as const) {
    it(`when the ${kind} deadline is cancelled, then the scheduler cancels ${want.split(' ').slice(1).join(' ')}`, async () => {
      const f = fakes();
      await f.run('support', [{ type: 'cancelDeadline', kind, key }]);
      assert.deepEqual(f.journal, [want]);
    });
  }

  it('when the room is made, then roomCreated is stepped on the workgroup with the request id', async () => {
    const f = fakes();
    await f.run('sales', [{ type: 'createRoom', agent: 'alice', request: REQ, metadata: {} }]);
    assert.deepEqual(f.applied, [{ workgroup: 'sales', event: { type: 'roomCreated', offerId: REQ.requestId } }]);
  });

  it('when the room cannot be made, then roomFailed is stepped (the request goes back), a warning is logged, and the next effect still runs', async () => {
    const f = fakes({ failing: new Set(['createRoom']), streams: ['alice'] });
    await f.run('sales', [
      { type: 'createRoom', agent: 'alice', request: REQ, metadata: {} },
      { type: 'updateQueue', request: REQ, position: 1, estimatedSeconds: 15 },
    ]);
    assert.deepEqual(f.applied, [{ workgroup: 'sales', event: { type: 'roomFailed', offerId: REQ.requestId } }]);
    assert.deepEqual(f.journal.slice(1), ['apply sales roomFailed', 'publish fpv-ann1 update-queue']);
    assert.equal(f.warnings.length, 1);
    assert.match(f.warnings[0]?.msg ?? '', /support room/);
  });

  it('when an agent without a stream is offered a request, then it also gets the offer as an XMPP message from the workgroup\'s JID', async () => {
    const f = fakes({ streams: ['bob'] });
    await f.run('sales', [
      { type: 'sendOffer', agent: 'alice', request: REQ, metadata: { question: 'Where is my order?' }, expiresAt: T },
      { type: 'sendOffer', agent: 'bob', request: REQ, metadata: { question: 'Where is my order?' }, expiresAt: T },
    ]);
    assert.deepEqual(f.published.map((p) => p.to), ['alice', 'bob'], 'both get the SSE event (replayed when a stream opens)');
    assert.deepEqual(f.stanzas.map((s) => [s.from, s.to]), [['sales@workgroup.example.org', 'alice@example.org']]);
    const m = parseStanzaText(f.stanzas[0]?.stanza ?? '');
    assert.equal(m.attrs.from, 'sales@workgroup.example.org');
    assert.equal(m.attrs.to, 'alice@example.org');
    assert.deepEqual(m.getChild('offer', NS_OFGATE_FASTPATH)?.attrs, { xmlns: NS_OFGATE_FASTPATH, id: REQ.requestId, workgroup: 'sales', userid: 'ann', expires: '2026-12-06T07:05:09.000Z' });
    assert.match(m.getChildText('body') ?? '', /Where is my order\?/);
  });

  it('when an offer to an agent without a stream is revoked, then it also gets the revocation as an XMPP message', async () => {
    const f = fakes();
    await f.run('sales', [{ type: 'revokeOffer', agent: 'alice', request: REQ, reason: 'timeout', text: 'The offer has timed out' }]);
    assert.deepEqual(f.stanzas.map((s) => [s.from, s.to]), [['sales@workgroup.example.org', 'alice@example.org']]);
    const revoked = parseStanzaText(f.stanzas[0]?.stanza ?? '').getChild('offer-revoked', NS_OFGATE_FASTPATH);
    assert.deepEqual(revoked?.attrs, { xmlns: NS_OFGATE_FASTPATH, id: REQ.requestId, workgroup: 'sales', reason: 'The offer has timed out' });
  });

  it('when the offer metadata has no question, then the XMPP notice is still sent (with an empty question)', async () => {
    const f = fakes();
    await f.run('sales', [{ type: 'sendOffer', agent: 'alice', request: REQ, metadata: {}, expiresAt: T }]);
    assert.equal(f.stanzas.length, 1);
    assert.match(parseStanzaText(f.stanzas[0]?.stanza ?? '').getChildText('body') ?? '', /from ann: \n/);
  });

  const FAILURES: Array<[string, string, Effect]> = [
    ['the scheduler', 'schedule', { type: 'schedule', kind: 'requestTimeout', key: 'req0001abc', at: T, deadline: REQUEST_DEADLINE }],
    ['the scheduler\'s cancel', 'cancel', { type: 'cancelDeadline', kind: 'offerTimeout', key: 'req0001abc/alice' }],
    ['the XMPP notice', 'sendStanza', { type: 'sendOffer', agent: 'alice', request: REQ, metadata: {}, expiresAt: T }],
    ['the invitation', 'inviteAgent', { type: 'inviteAgent', agent: 'alice', request: REQ }],
    ['the room\'s destruction', 'destroyRoom', { type: 'destroyRoom', agent: 'alice', request: REQ }],
    ['the request\'s end', 'requestEnded', { type: 'departQueue', request: REQ, reason: 'agent-not-found' }],
    ['the step after the room', 'apply', { type: 'createRoom', agent: 'alice', request: REQ, metadata: {} }],
  ];
  for (const [what, boundary, effect] of FAILURES) {
    it(`when ${what} fails, then a warning names the effect and the next effects still run`, async () => {
      const f = fakes({ failing: new Set([boundary]), streams: ['bob'] });
      await f.run('sales', [effect, { type: 'inviteVisitor', agent: 'alice', request: REQ }, { type: 'inviteVisitor', agent: 'bob', request: REQ }]);
      assert.ok(f.journal.some((l) => l.startsWith(`${boundary} `)), `${boundary} was called`);
      assert.deepEqual(f.journal.slice(-2), ['publish fpv-ann1 offer', 'publish fpv-ann1 offer']);
      assert.deepEqual(f.warnings.map((w) => [w.msg, w.fields?.workgroup, w.fields?.effect]), [['fastpath: an effect failed', 'sales', effect.type]]);
    });
  }

  it('when the room cannot be destroyed, then the request still ends for its visitor (its account goes after the grace period)', async () => {
    const f = fakes({ failing: new Set(['destroyRoom']) });
    await f.run('sales', [{ type: 'destroyRoom', agent: 'alice', request: REQ }]);
    assert.deepEqual(f.journal, ['publish fpv-ann1 chat-ended', 'publish alice chatEnded', 'destroyRoom req0001abc', 'requestEnded req0001abc']);
    assert.equal(f.warnings.length, 1, 'the failed destroy is still logged');
  });

  it('when the event publisher throws, then the effect\'s other work is skipped but the next effects run', async () => {
    const f = fakes({ failing: new Set(['publish']) });
    await f.run('sales', [
      { type: 'departQueue', request: REQ, reason: 'agent-not-found' },
      { type: 'schedule', kind: 'requestTimeout', key: 'req0001abc', at: T, deadline: REQUEST_DEADLINE },
    ]);
    assert.deepEqual(f.journal, ['publish fpv-ann1 depart-queue', 'schedule fastpath-request sales:req0001abc']);
    assert.equal(f.warnings.length, 1);
  });

  it('when an effect is an overflow, then the runner does nothing with it (the service moved the request)', async () => {
    const f = fakes();
    await f.run('sales', [{ type: 'overflow', from: 'sales', to: 'support', join: { type: 'join', requestId: REQ.requestId, userId: 'ann', visitor: REQ.visitor, metadata: {} } }]);
    assert.deepEqual(f.journal, []);
    assert.deepEqual(f.warnings, []);
  });

  it('when there are no effects, then nothing is called', async () => {
    const f = fakes();
    await f.run('sales', []);
    assert.deepEqual(f.journal, []);
  });
});
