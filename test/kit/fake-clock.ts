/**
 * A clock tests move by hand: `advance(ms)` fires the due `every` and `after` callbacks in due
 * order (ties: in the order they were set), moving `now` to each one's due time as it fires.
 * A callback may set or cancel timers; one due within the same advance fires in it.
 */
import type { Clock } from '../../gateway/clock/index.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Timers currently scheduled (repeating and one-shot). */
  readonly timers: number;
}

interface Timer {
  /** Repeat period; 0 for a one-shot. */
  readonly ms: number;
  next: number;
  readonly seq: number;
  readonly fn: () => void;
}

export function createFakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Timer>();
  const add = (t: Timer): (() => void) => {
    timers.add(t);
    return () => void timers.delete(t);
  };
  return {
    now: () => now,
    every(ms, fn) {
      return add({ ms, next: now + ms, seq: seq++, fn });
    },
    after(ms, fn) {
      return add({ ms: 0, next: now + Math.max(0, ms), seq: seq++, fn });
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: Timer | undefined;
        for (const t of timers) {
          if (t.next <= until && (!due || t.next < due.next || (t.next === due.next && t.seq < due.seq))) due = t;
        }
        if (!due) break;
        now = Math.max(now, due.next);
        if (due.ms > 0) due.next += due.ms;
        else timers.delete(due);
        due.fn();
      }
      now = until;
    },
    get timers() {
      return timers.size;
    },
  };
}
