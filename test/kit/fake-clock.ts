/** A clock tests move by hand: `advance(ms)` fires due `every` callbacks in order. */
import type { Clock } from '../../gateway/clock/index.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Timers currently scheduled. */
  readonly timers: number;
}

export function createFakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  const timers = new Set<{ ms: number; next: number; fn: () => void }>();
  return {
    now: () => now,
    every(ms, fn) {
      const t = { ms, next: now + ms, fn };
      timers.add(t);
      return () => timers.delete(t);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter((t) => t.next <= until).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      now = until;
    },
    get timers() {
      return timers.size;
    },
  };
}
