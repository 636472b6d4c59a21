import assert from 'node:assert/strict';
import { resumeEffects, step, type Effect, type MachineEvent } from '../../../gateway/fastpath/machine/index.js';
import { ask, describe as describeEffect, online, said, T0, World } from './fastpath-world.js';

const FOUR_MIN = 240_000;

/** The last deadline of `kind` the log asked to schedule. */
function lastScheduled(w: World, kind: string): Extract<Effect, { type: 'schedule' }> {
  const s = w.log.map((l) => l.effect).filter((e): e is Extract<Effect, { type: 'schedule' }> => e.type === 'schedule' && e.kind === kind).pop();
  assert.ok(s, `a ${kind} was scheduled`);
  return s;
}

describe('fastpath machine: deadlines', () => {
  it('when no agent takes a request, then it overflows at each request timeout, at most 3 times, then departs with agent-not-found', () => {
    const w = new World({ a: { settings: { overflowTarget: 'b' } }, b: { settings: { overflowTarget: 'a' } } });
    w.do(ask('ann'), 'a');
    w.advance(4 * FOUR_MIN - 1);
    assert.deepEqual(said(w.since(0), 'overflow', 'departQueue'), ['overflow ann a → b (#1)', 'overflow ann b → a (#2)', 'overflow ann a → b (#3)']);
    assert.equal(w.state('b').queue[0]?.userId, 'ann');
    w.advance(1);
    assert.deepEqual(said(w.since(0), 'overflow', 'departQueue'), ['overflow ann a → b (#1)', 'overflow ann b → a (#2)', 'overflow ann a → b (#3)', 'depart ann: agent-not-found']);
    assert.deepEqual([w.state('a').queue, w.state('b').queue], [[], []]);
    assert.equal(w.timerCount(), 0);
  });

  it('when a request times out with no overflow target, then pending offers are revoked and it departs with agent-not-found', () => {
    const w = new World({ sales: { settings: { offerTimeoutMs: 200_000, rejectionTimeoutMs: 1_000 } } });
    w.do(online('alice'));
    w.do(ask('ann'));
    w.advance(FOUR_MIN);
    assert.deepEqual(said(w.since(0), 'sendOffer', 'revokeOffer', 'departQueue'), [
      'offer ann → alice',
      'revoke ann from alice: The offer has timed out',
      'offer ann → alice', // re-offered after the 1 s exclusion, for the 39 s left
      'revoke ann from alice: The offer has timed out',
      'depart ann: agent-not-found',
    ]);
    assert.equal(lastScheduled(w, 'offerTimeout').at, T0 + FOUR_MIN, 'the last offer lasts only as long as the request');
  });

  it('when the overflow target is closed, then the visitor departs there with agent-not-found', () => {
    const w = new World({ a: { settings: { overflowTarget: 'b' } }, b: { settings: { open: false } } });
    w.do(ask('ann'), 'a');
    w.advance(FOUR_MIN);
    assert.deepEqual(said(w.since(0), 'overflow', 'departQueue'), ['overflow ann a → b (#1)', 'depart ann: agent-not-found']);
  });

  it('when a request overflows, then it keeps its first ask time, so its wait counts from the first ask', () => {
    const w = new World({ a: { settings: { overflowTarget: 'b' } }, b: {} });
    w.do(ask('ann'), 'a');
    w.advance(FOUR_MIN);
    w.do(online('bob'), 'b');
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'bob' }, 'b');
    assert.equal(w.state('b').averageWaitMs, FOUR_MIN);
  });

  const doubles: Array<{ name: string; kind: string; setup: (w: World) => void }> = [
    { name: 'offer timeout', kind: 'offerTimeout', setup: (w) => [online('alice'), ask('ann')].forEach((e) => w.do(e)) },
    { name: 'rejection expiry', kind: 'rejectionExpiry', setup: (w) => [online('alice'), ask('ann'), { type: 'reject', offerId: 'r-ann', agent: 'alice' } as MachineEvent].forEach((e) => w.do(e)) },
    { name: 'request timeout', kind: 'requestTimeout', setup: (w) => w.do(ask('ann')) },
  ];
  for (const c of doubles) {
    it(`when the same ${c.name} deadline fires twice, then the second fire is stale and changes nothing`, () => {
      const w = new World();
      c.setup(w);
      const s = lastScheduled(w, c.kind);
      w.now = s.at;
      assert.deepEqual(w.do({ type: 'deadline', deadline: s.deadline }), { kind: 'fired' });
      const before = w.state();
      const out = step(before, { type: 'deadline', deadline: s.deadline }, w.now + 5);
      assert.deepEqual(out.result, { kind: 'stale' });
      assert.equal(out.state, before);
      assert.deepEqual(out.effects, []);
    });
  }

  it('when an offer timeout of an earlier offer to the same agent fires late, then it is stale', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    const first = lastScheduled(w, 'offerTimeout');
    w.do({ type: 'reject', offerId: 'r-ann', agent: 'alice' });
    w.advance(20_000); // exclusion over: offered to alice again, with a new seq
    const second = lastScheduled(w, 'offerTimeout');
    assert.notDeepEqual(second.deadline, first.deadline);
    assert.equal(second.key, first.key, 'the same deadline key: scheduling moved it');
    assert.deepEqual(w.do({ type: 'deadline', deadline: first.deadline }), { kind: 'stale' });
    assert.equal(w.state().queue[0]?.offers.length, 1);
  });

  it('when the same events are stepped twice, or on a state read back from JSON, then the outputs are identical', () => {
    const script: Array<[number, MachineEvent]> = [
      [0, online('alice')],
      [0, online('bob')],
      [1_000, ask('ann')],
      [2_000, ask('ben', { priority: 2 })],
      [3_000, ask('cat')],
      [4_000, { type: 'reject', offerId: 'r-ben', agent: 'alice' }],
      [5_000, { type: 'accept', offerId: 'r-ann', agent: 'bob' }],
      [6_000, { type: 'agentPresence', agent: 'alice', show: 'offline' }],
      [7_000, { type: 'roomCreated', offerId: 'r-ann' }],
    ];
    const run = (viaJson: boolean): string[] => {
      let s = new World().state();
      const out: string[] = [];
      for (const [at, e] of script) {
        const r = step(viaJson ? JSON.parse(JSON.stringify(s)) : s, e, T0 + at);
        s = r.state;
        out.push(JSON.stringify(r.result), ...r.effects.map(describeEffect));
      }
      out.push(JSON.stringify(s));
      return out;
    };
    assert.deepEqual(run(false), run(false));
    assert.deepEqual(run(true), run(false));
  });

  it('when the machine is resumed from a stored state, then every deadline is re-armed and rooms being made are asked for again', () => {
    const w = new World({ sales: { settings: { maxChatsPerAgent: 1 } } });
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    w.do({ type: 'reject', offerId: 'r-ben', agent: 'bob' });
    w.do(ask('cat'));
    const stored = JSON.parse(JSON.stringify(w.state()));
    assert.deepEqual(said(resumeEffects(stored)), [
      `schedule requestTimeout r-ben at +${FOUR_MIN}`,
      'schedule rejectionExpiry r-ben/bob at +20000',
      `schedule requestTimeout r-cat at +${FOUR_MIN}`,
      'schedule offerTimeout r-cat/bob at +20000',
      'room r-ann for alice + ann',
    ]);
  });
});
