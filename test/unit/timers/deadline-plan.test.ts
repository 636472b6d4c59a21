import assert from 'node:assert/strict';
import {
  claimRetryAt,
  decideFire,
  deadlineKey,
  parseDeadlineKey,
  planArming,
  planCompletion,
  planSchedule,
  type ArmedTimer,
  type ArmingInput,
  type DeadlineRecord,
} from '../../../gateway/timers/index.js';

const rec = (kind: string, id: string, dueAt: number, token = 't1'): DeadlineRecord => ({ kind, id, dueAt, payload: null, token });
const entry = (r: DeadlineRecord): [string, DeadlineRecord] => [deadlineKey(r.dueAt, r.kind, r.id), r];

describe('deadline plan', () => {
  describe('record ids', () => {
    it('when due times differ in digit count, then id order is due order', () => {
      const keys = [deadlineKey(100_000, 'offer', 'z'), deadlineKey(9, 'offer', 'a'), deadlineKey(1_700_000_000_000, 'a', 'a'), deadlineKey(10_000, 'b', 'b')];
      assert.deepEqual([...keys].sort().map((k) => parseDeadlineKey(k)?.dueAt), [9, 10_000, 100_000, 1_700_000_000_000]);
    });

    it('when an id holds colons, then the key parses back to due, kind and id', () => {
      assert.deepEqual(parseDeadlineKey(deadlineKey(1234.2, 'roomPool', 'a:b:c')), { dueAt: 1235, kind: 'roomPool', id: 'a:b:c' });
      assert.equal(parseDeadlineKey('nonsense'), undefined);
    });
  });

  describe('planArming', () => {
    const base = (o: Partial<ArmingInput>): ArmingInput => ({
      page: [],
      pageFull: false,
      now: 1_000,
      horizonMs: 500,
      listedAt: 1_000,
      armed: new Map<string, ArmedTimer>(),
      kinds: new Set(['offer']),
      ...o,
    });
    const a = rec('offer', 'a', 900); // overdue
    const b = rec('offer', 'b', 1_400); // within the horizon
    const c = rec('offer', 'c', 1_600); // beyond it
    const d = rec('other', 'd', 1_000); // no handler here
    const cases: Array<{ name: string; input: ArmingInput; arm: string[]; disarm: string[] }> = [
      { name: 'when deadlines are overdue or due within the horizon, then they are armed; later ones wait', input: base({ page: [entry(a), entry(b), entry(c)] }), arm: ['a', 'b'], disarm: [] },
      { name: 'when a kind has no handler here, then it is not armed', input: base({ page: [entry(d)] }), arm: [], disarm: [] },
      { name: 'when a deadline is armed already, then it is not armed twice', input: base({ page: [entry(a)], armed: new Map([[entry(a)[0], { dueAt: 900, since: 0 }]]) }), arm: [], disarm: [] },
      { name: 'when an armed deadline is no longer listed, then it is disarmed', input: base({ page: [entry(b)], armed: new Map([[entry(a)[0], { dueAt: 900, since: 0 }]]) }), arm: ['b'], disarm: ['a'] },
      { name: 'when an armed deadline was armed after the listing began, then it is kept (the listing could not see it)', input: base({ page: [], armed: new Map([[entry(a)[0], { dueAt: 900, since: 1_001 }]]), listedAt: 1_000 }), arm: [], disarm: [] },
      { name: 'when the page is full, then armed deadlines beyond its last id are kept', input: base({ page: [entry(a)], pageFull: true, armed: new Map([[entry(c)[0], { dueAt: 1_600, since: 0 }]]) }), arm: ['a'], disarm: [] },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const plan = planArming(tc.input);
        assert.deepEqual(plan.arm.map((x) => parseDeadlineKey(x.key)?.id), tc.arm);
        assert.deepEqual(plan.disarm.map((k) => parseDeadlineKey(k)?.id), tc.disarm);
      });
    }
  });

  describe('decideFire and claimRetryAt', () => {
    const kinds = new Set(['offer']);
    const cases: Array<[string, DeadlineRecord | undefined, string]> = [
      ['when the record is gone, then gone', undefined, 'gone'],
      ['when it is due, then claim', rec('offer', 'a', 1_000), 'claim'],
      ['when it is not yet due, then early', rec('offer', 'a', 1_001), 'early'],
      ['when its kind has no handler, then unhandled', rec('other', 'a', 1_000), 'unhandled'],
    ];
    for (const [name, r, want] of cases) it(name, () => assert.equal(decideFire(r, 1_000, kinds), want));

    it('when another claim holds it, then look again just after the claim expires (or claimMs on)', () => {
      assert.equal(claimRetryAt(5_000, 1_000, 30_000), 5_001);
      assert.equal(claimRetryAt(undefined, 1_000, 30_000), 31_000);
      assert.equal(claimRetryAt(500, 1_000, 30_000), 1_000);
    });
  });

  describe('planSchedule and planCompletion', () => {
    const r2 = rec('offer', 'a', 2_000, 't2');
    const k1 = deadlineKey(1_000, 'offer', 'a');
    const k2 = deadlineKey(2_000, 'offer', 'a');
    it('when nothing was scheduled, then the record and the index are written', () => {
      const w = planSchedule(undefined, undefined, 'offer:a', k2, r2);
      assert.deepEqual(w === 'stale' ? w : w.map((x) => [x.collection, x.id, x.value === undefined ? 'delete' : 'write']), [
        ['deadlines', k2, 'write'],
        ['deadlineIndex', 'offer:a', 'write'],
      ]);
    });
    it('when it was scheduled earlier, then rescheduling moves it (the old record is deleted)', () => {
      const idx = { key: k1, token: 't1' };
      const w = planSchedule(idx, idx, 'offer:a', k2, r2);
      assert.deepEqual(w === 'stale' ? w : w.map((x) => [x.id, x.value === undefined]), [[k2, false], ['offer:a', false], [k1, true]]);
    });
    it('when the index moved since it was read, then stale', () => {
      assert.equal(planSchedule({ key: k2, token: 'tx' }, { key: k1, token: 't1' }, 'offer:a', k2, r2), 'stale');
    });
    it('when a deadline completes, then only what is still the fired one (and our claim) is deleted', () => {
      const mine = planCompletion(k1, 'offer:a', 't1', 'me', { deadline: rec('offer', 'a', 1_000), index: { key: k1, token: 't1' }, claim: { by: 'me', token: 't1' } });
      assert.equal(mine.length, 3);
      const moved = planCompletion(k1, 'offer:a', 't1', 'me', { deadline: rec('offer', 'a', 1_000, 't9'), index: { key: k1, token: 't9' }, claim: { by: 'other', token: 't1' } });
      assert.deepEqual(moved, []);
    });
  });
});
