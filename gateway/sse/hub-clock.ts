/** Time for the hub, injected so tests drive heartbeats with a fake clock. */
export interface HubClock {
  now(): number;
  /** Calls `fn` every `ms` until the returned cancel function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: HubClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref(); // heartbeats never keep the process alive
    return () => clearInterval(t);
  },
};
