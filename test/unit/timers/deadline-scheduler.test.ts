import assert from 'node:assert/strict';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createDeadlineScheduler, type DeadlineScheduler } from '../../../gateway/timers/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const POLL = 1_000;
const CLAIM = 10_000;

interface Fire {
  by: string;
  id: string;
  payload: unknown;
  dueAt: number;
  at: number;
}

/** An offer a timeout moves from 'offered' to 'timedOut', by compare-and-set: applied at most once. */
interface Offer {
  state: 'offered' | 'timedOut';
}

describe('deadline scheduler', () => {
  let clock: FakeClock;
  let store: Store;
  let fires: Fire[];
  let applied: number;
  let all: DeadlineScheduler[];

  const offerTimeout = async (id: string): Promise<void> => {
    const offers = store.collection<Offer>('offers');
    const cur = await offers.getVersioned(id);
    if (cur?.value.state === 'offered' && (await offers.compareAndSet(id, cur.version, { state: 'timedOut' }))) applied++;
  };

  const make = (instanceId: string, handler?: (id: string, payload: unknown, dueAt: number) => Promise<void>): DeadlineScheduler => {
    const s = createDeadlineScheduler({ store, clock, instanceId, pollMs: POLL, claimMs: CLAIM });
    s.on('offer', async (id, payload, dueAt) => {
      fires.push({ by: instanceId, id, payload, dueAt, at: clock.now() });
      await (handler ?? offerTimeout)(id, payload, dueAt);
    });
    all.push(s);
    return s;
  };

  /** Lets every live scheduler finish what the last step set off (timers due "now" included). */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) {
      await Promise.all(all.map((s) => s.idle()));
      const before = clock.timers;
      clock.advance(0);
      await Promise.all(all.map((s) => s.idle()));
      if (clock.timers === before) break;
    }
  };
  /** Moves the fake time in steps of a quarter poll, settling after each, as real time would pass. */
  const run = async (ms: number): Promise<void> => {
    for (let left = ms; left > 0; left -= POLL / 4) {
      clock.advance(Math.min(left, POLL / 4));
      await settle();
    }
    await settle();
  };

  beforeEach(() => {
    clock = createFakeClock();
    store = createMemoryStore({ clock });
    fires = [];
    applied = 0;
    all = [];
  });
  afterEach(() => all.forEach((s) => s.stop()));

  it('when a deadline is due, then it fires once, at its due time, with its id and payload, and its records are gone', async () => {
    const s = make('a');
    await s.start();
    const dueAt = clock.now() + 20_000;
    await s.schedule('offer', 'o1', dueAt, { workgroup: 'support' });
    await run(19_999);
    assert.equal(fires.length, 0);
    await run(1);
    assert.deepEqual(fires, [{ by: 'a', id: 'o1', payload: { workgroup: 'support' }, dueAt, at: dueAt }]);
    await run(60_000);
    assert.equal(fires.length, 1);
    for (const c of ['deadlines', 'deadlineIndex', 'deadlineClaims']) assert.deepEqual(await store.collection(c).list(), [], c);
  });

  it('when the scheduler restarts (a new one on the same store), then it re-arms the stored deadlines: overdue ones at once', async () => {
    const first = make('a');
    await first.start();
    await first.schedule('offer', 'overdue', clock.now() + 1_000);
    await first.schedule('offer', 'later', clock.now() + 240_000);
    first.stop();
    await run(5_000); // nobody is running
    assert.equal(fires.length, 0);
    const second = make('a');
    await second.start();
    await run(0);
    assert.deepEqual(fires.map((f) => f.id), ['overdue']);
    await run(235_000);
    assert.deepEqual(fires.map((f) => [f.id, f.at - f.dueAt]), [['overdue', 4_000], ['later', 0]]);
  });

  it('when a deadline is cancelled, then it never fires and cancelling again says there was none', async () => {
    const s = make('a');
    await s.start();
    await s.schedule('offer', 'o1', clock.now() + 500);
    assert.equal(await s.cancel('offer', 'o1'), true);
    assert.equal(await s.cancel('offer', 'o1'), false);
    await run(10_000);
    assert.equal(fires.length, 0);
  });

  it('when a deadline is cancelled on another instance, then the one that armed it does not fire it', async () => {
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    await a.schedule('offer', 'o1', clock.now() + 1_500);
    assert.equal(await b.cancel('offer', 'o1'), true);
    await run(5_000);
    assert.equal(fires.length, 0);
  });

  const reschedules: Array<{ name: string; first: number; second: number }> = [
    { name: 'when a deadline is rescheduled later, then it fires once, at the new time, with the new payload', first: 10_000, second: 30_000 },
    { name: 'when a deadline is rescheduled earlier, then it fires once, at the new time, with the new payload', first: 30_000, second: 10_000 },
    { name: 'when a deadline is rescheduled to the same time, then it fires once, with the new payload', first: 10_000, second: 10_000 },
  ];
  for (const tc of reschedules) {
    it(tc.name, async () => {
      const s = make('a');
      await s.start();
      const t0 = clock.now();
      await s.schedule('offer', 'o1', t0 + tc.first, 'old');
      await s.schedule('offer', 'o1', t0 + tc.second, 'new');
      await run(60_000);
      assert.deepEqual(fires.map((f) => [f.payload, f.at - t0]), [['new', tc.second]]);
    });
  }

  it('when two schedulers share one store, then each deadline fires once, and each offer times out once', async () => {
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    const offers = store.collection<Offer>('offers');
    for (let i = 0; i < 20; i++) {
      await offers.put(`o${i}`, { state: 'offered' });
      await (i % 2 ? a : b).schedule('offer', `o${i}`, clock.now() + 5_000 + (i % 4) * 700);
    }
    await run(20_000);
    assert.equal(fires.length, 20, JSON.stringify(fires.map((f) => [f.by, f.id])));
    assert.equal(new Set(fires.map((f) => f.id)).size, 20);
    assert.equal(applied, 20);
  });

  it('when the claimer dies mid-fire, then another instance fires it again after claimMs, and the transition is applied once', async () => {
    const offers = store.collection<Offer>('offers');
    await offers.put('o1', { state: 'offered' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    // a's handler reads, then hangs (the process stalls or dies) before its compare-and-set
    const a = make('a', async (id) => {
      const cur = await offers.getVersioned(id);
      entered();
      await gate;
      if (cur && (await offers.compareAndSet(id, cur.version, { state: 'timedOut' }))) applied++;
    });
    all = all.filter((x) => x !== a); // its fire never ends: not waited for
    await a.start();
    await a.schedule('offer', 'o1', clock.now() + 2_000);
    await run(2_000);
    await inHandler;
    assert.deepEqual(fires.map((f) => f.by), ['a']);
    a.stop(); // dies holding the claim
    const b = make('b');
    await b.start();
    await run(CLAIM - 1);
    assert.deepEqual(fires.map((f) => f.by), ['a'], 'not while the claim holds');
    await run(2);
    assert.deepEqual(fires.map((f) => f.by), ['a', 'b']);
    assert.equal(applied, 1);
    release(); // the stalled handler wakes up and tries its transition: it changes nothing
    all.push(a);
    await a.idle(); // its fire ends: the compare-and-set fails, the completion finds nothing to delete
    assert.equal(applied, 1);
    assert.deepEqual(await offers.get('o1'), { state: 'timedOut' });
    assert.deepEqual(await store.collection('deadlines').list(), []);
  });

  it('when a handler throws, then the deadline is fired again once its claim expires', async () => {
    let calls = 0;
    const s = make('a', async () => {
      if (++calls === 1) throw new Error('store hiccup');
    });
    await s.start();
    await s.schedule('offer', 'o1', clock.now() + 1_000);
    await run(1_000);
    assert.equal(calls, 1);
    await run(CLAIM + 1);
    assert.equal(calls, 2);
    await run(CLAIM * 3);
    assert.equal(calls, 2);
  });

  it('when no handler for a kind is here, then its deadlines wait; once one is set, they fire', async () => {
    const s = createDeadlineScheduler({ store, clock, instanceId: 'c', pollMs: POLL, claimMs: CLAIM });
    all.push(s);
    await s.start();
    await s.schedule('roomPool', 'r1', clock.now() + 1_000, 7);
    await run(5_000);
    const got: unknown[] = [];
    s.on<number>('roomPool', async (id, n) => void got.push([id, n]));
    await run(POLL);
    assert.deepEqual(got, [['r1', 7]]);
  });

  it('when a kind or due time is malformed, then schedule refuses it', async () => {
    const s = make('a');
    await assert.rejects(s.schedule('Bad:kind', 'x', clock.now()), /kind/);
    await assert.rejects(s.schedule('offer', '', clock.now()), /id/);
    await assert.rejects(s.schedule('offer', 'x', Number.NaN), /dueAt/);
  });
});
