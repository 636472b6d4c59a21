/**
 * The per-user event log behind SSE: every chat event of a user is appended here and gets its id
 * from the log, so a `Last-Event-ID` replays correctly whichever instance the reconnect lands on.
 * Two adapters: memory (one instance, the default) and Redis Streams (shared mode).
 *
 * Rules every adapter keeps:
 * - Per user, ids increase in append order; `compareEventIds` orders them.
 * - Retention is bounded per user by count AND bytes (the oldest go first), and, where the adapter
 *   can, in total; nothing else is ever kept.
 * - `watch` delivers each event appended after the watch began (by any instance) exactly once per
 *   watcher, in id order; a watcher that may have missed events (a Redis reconnect) is told with
 *   `resync`, and re-reads with `readAfter`.
 * - Methods may answer synchronously (memory) or with a promise (Redis): the hub handles both, so
 *   the single-instance hot path costs no promise per event.
 */

export type MaybePromise<T> = T | Promise<T>;

export interface LoggedEvent {
  readonly id: string;
  readonly name: string;
  /** The event's data, already serialised (one line of HTML-safe JSON). */
  readonly data: string;
}

export interface ReadResult {
  readonly events: readonly LoggedEvent[];
  /**
   * false when `afterId` is unknown to this log (another run, garbage) or older than what is
   * retained: `events` is then the whole retained log, which is all that can be given.
   */
  readonly complete: boolean;
}

export interface LogWatcher {
  event(e: LoggedEvent): void;
  /** Events may have been missed (connection to the shared log was lost): re-read after the last seen id. */
  resync(): void;
  /** The user's log was dropped (logoff, on any instance): close the user's streams here. */
  dropped(): void;
}

export interface EventLog {
  /** Appends; the id once stored. While a stream of the user is open anywhere, the event counts as delivered. */
  append(user: string, name: string, data: string): MaybePromise<string>;
  /** Events after `afterId`, oldest first (undefined: the whole retained log). */
  readAfter(user: string, afterId: string | undefined): MaybePromise<ReadResult>;
  /**
   * The newest id handed to any open stream of the user (on any instance), so a first connect
   * without Last-Event-ID gets only what arrived while no stream was open.
   */
  deliveredUpTo(user: string): MaybePromise<string | undefined>;
  /** A replay handed events up to `id` to a new stream (live events are marked by `append`). */
  markDelivered(user: string, id: string): void;
  /** How many streams of the user this instance has open (0 removes the entry); shared by all instances. */
  setListeners(user: string, count: number): void;
  /** Some instance (this one included) has an open stream of the user. */
  hasListeners(user: string): MaybePromise<boolean>;
  watch(user: string, watcher: LogWatcher): () => void;
  /** At logoff: forgets the user's events; watchers on every instance are told `dropped`. */
  drop(user: string): MaybePromise<void>;
  /** Called every heartbeat: keeps this instance's listener marks alive in a shared log. */
  refresh(): void;
  close(): Promise<void>;
}

/** Event ids are `<a>-<b>` (two decimal numbers): memory `<epoch>-<seq>`, Redis Streams `<ms>-<seq>`. */
export function parseEventId(id: string): readonly [number, number] | undefined {
  const m = /^(\d{1,16})-(\d{1,16})$/.exec(id.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** <0, 0, >0 as a is before, equal to, after b; ids that do not parse sort first. */
export function compareEventIds(a: string, b: string): number {
  const x = parseEventId(a);
  const y = parseEventId(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x[0] - y[0] || x[1] - y[1];
}
