/**
 * When and how many streams of the pool may try to come back after losing ejabberd.
 * - Back-off: "full jitter" — attempt n waits a uniformly random time in
 *   [0, min(maxMs, baseMs · 2^(n-1))). Full jitter spreads a herd best (every stream that
 *   dropped at the same instant draws its own point in the window) at the cost of an
 *   occasional short wait; the cap keeps a long outage at one try per `maxMs` at most.
 *   There is no attempt limit: giving up is the stream's decision (conflict, user gone).
 * - Gate: at most `maxConcurrent` streams are connecting + issuing a token + authenticating
 *   at once; the others queue in arrival order (FIFO). The gate counts what it let through.
 * No timers here except through the injected Clock; the random source is injected too.
 * References: ejabberd-23.01.md §7b (token issue cost), §11 (X-OAUTH2 logins/s).
 */
import type { Clock } from '../clock/index.js';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Full-jitter delay before attempt `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30)); // 2^30 · base is past any sane cap
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

export interface ConcurrencyGate {
  /** Resolves with the release function once a slot is free (FIFO). Release is idempotent. */
  acquire(): Promise<() => void>;
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly waiting: number;
}

export function createConcurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`gate limit must be a positive integer, not ${limit}`);
  let inFlight = 0;
  let maxInFlight = 0;
  const queue: Array<() => void> = [];

  const grant = (): (() => void) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      const next = queue.shift();
      if (next) next();
    };
  };

  return {
    acquire() {
      if (inFlight < limit && queue.length === 0) return Promise.resolve(grant());
      return new Promise((resolve) => queue.push(() => resolve(grant())));
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** A wait that can be cut short (the stream closed meanwhile). */
export interface Pause {
  readonly done: Promise<void>;
  cancel(): void;
}

export interface ReconnectScheduler {
  readonly policy: BackoffPolicy;
  readonly gate: ConcurrencyGate;
  /** The back-off before attempt `attempt` (1-based), on the scheduler's clock. */
  pause(attempt: number): Pause;
}

export interface ReconnectSchedulerOptions extends BackoffPolicy {
  readonly maxConcurrent: number;
  readonly clock: Clock;
  readonly random?: () => number;
}

export const DEFAULT_RECONNECT = { baseMs: 1000, maxMs: 30_000, maxConcurrent: 20 } as const;

/** Resolves after `ms` on `clock` (at once for 0), unless cancelled first. */
export function pauseFor(clock: Clock, ms: number): Pause {
  let cancel: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const stop = clock.after(ms, resolve);
    cancel = () => {
      stop();
      resolve();
    };
  });
  return { done, cancel: () => cancel() };
}

export function createReconnectScheduler(o: ReconnectSchedulerOptions): ReconnectScheduler {
  if (o.maxMs < o.baseMs) throw new RangeError(`reconnect maxMs (${o.maxMs}) is below baseMs (${o.baseMs})`);
  const policy: BackoffPolicy = { baseMs: o.baseMs, maxMs: o.maxMs };
  const random = o.random ?? Math.random;
  return {
    policy,
    gate: createConcurrencyGate(o.maxConcurrent),
    pause: (attempt) => pauseFor(o.clock, backoffDelay(policy, attempt, random)),
  };
}
