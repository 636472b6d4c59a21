/** Time, injected so tests drive heartbeats and idle expiry with a fake clock. */
export interface Clock {
  now(): number;
  /** Calls `fn` every `ms` until the returned cancel function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref(); // timers never keep the process alive
    return () => clearInterval(t);
  },
};
