/**
 * Time, injected so tests drive heartbeats, idle expiry and deadlines with a fake clock.
 * Timers of the system clock are unref'd: they never keep the process alive.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` every `ms` until the returned cancel function is called. */
  every(ms: number, fn: () => void): () => void;
  /**
   * Calls `fn` once, `ms` from now (a negative `ms` counts as 0), unless the returned cancel
   * function is called first. Cancelling after it fired does nothing.
   */
  after(ms: number, fn: () => void): () => void;
}

/** setTimeout's longest delay (2^31 - 1 ms, ~24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
  after(ms, fn) {
    const dueAt = Date.now() + Math.max(0, ms);
    let t: NodeJS.Timeout;
    const arm = (): void => {
      const left = dueAt - Date.now();
      t = left > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fn, Math.max(0, left));
      t.unref();
    };
    arm();
    return () => clearTimeout(t);
  },
};
