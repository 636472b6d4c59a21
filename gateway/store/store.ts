/**
 * ofgate's own state behind one port, honoured by two backends: the embedded one (lowdb snapshot
 * + fsync'd journal, one process) and the shared one (Redis, several instances). The contract
 * suite (test/contract/store/) runs against both.
 *
 * The contract:
 * - Records live in named collections (an open namespace: any name matching COLLECTION_NAME; a
 *   new concern adds no edit here).
 * - Versions: every write gives the record a version greater than any version that id ever had
 *   (in this collection), across deletes, expiries and restarts, so a version is never reused
 *   for an id. Compare versions only for equality and order; never assume +1 per write (one
 *   store-wide counter numbers all writes).
 * - Durable before visible: a write resolves, and any reader sees it, only once it is durable
 *   (fsync'd journal / Redis with AOF). A write that fails to persist rejects and is never
 *   visible, in this process or another.
 * - `update(id, fn)`: optimistic read-modify-write. `fn` must be pure: it may run more than
 *   once (it is re-run on a version conflict with a concurrent writer, in this process or in
 *   another instance). Returning KEEP writes nothing.
 * - `compareAndSet`: writes only when the record is at the expected version (0 = absent or
 *   expired). A version read before a delete or an expiry never matches the re-created record.
 * - `transact`: one atomic step over several records, possibly in several collections (first
 *   accept wins + revoke the other offers + bump the agent's load). Same retry rule as update.
 * - `list`: ids in ascending Unicode code-point order (= UTF-8 byte order, what Redis sorts by),
 *   by prefix, after a cursor, with a limit. Never read everything to find a few.
 * - Ids: non-empty, well-formed strings (no lone surrogate) of at most MAX_ID_LENGTH code units.
 * - Expiry: a write may set `ttlMs`; once it passes, the record reads as absent everywhere
 *   (and is reclaimed later). A write without ttlMs clears any earlier expiry.
 * Values are JSON (plain data): what is read is a copy that never aliases what was written.
 */

/** Collection names: lower camel case or kebab words, e.g. `fastpathQueue`, `leases`. */
export const COLLECTION_NAME = /^[a-z][A-Za-z0-9-]{0,63}$/;

/** Returned by an update function to leave the record as it is (no write, no version bump). */
export const KEEP: unique symbol = Symbol('store.keep');
export type Keep = typeof KEEP;

export interface Versioned<T> {
  readonly value: T;
  /** >= 1; greater after every write, never reused for this id (compare, do not count). */
  readonly version: number;
  /** Epoch ms after which the record reads as absent; undefined: never. */
  readonly expiresAt?: number | undefined;
}

export interface WriteOptions {
  /** The record expires this long after the write. Omitted: it never expires. */
  readonly ttlMs?: number;
}

export interface ListOptions {
  /** Only ids starting with this. */
  readonly prefix?: string;
  /** Only ids strictly after this one (a cursor: the last id of the previous page). */
  readonly after?: string;
  /** At most this many (default and maximum: 1,000). */
  readonly limit?: number;
}

/** `fn`'s answer in an update: the new value, undefined to delete, or KEEP. */
export type UpdateResult<T> = T | undefined | Keep;

export interface Collection<T> {
  get(id: string): Promise<T | undefined>;
  getVersioned(id: string): Promise<Versioned<T> | undefined>;
  put(id: string, value: T, opts?: WriteOptions): Promise<void>;
  /** true when something was deleted. */
  delete(id: string): Promise<boolean>;
  /** Ids in ascending order (see ListOptions). */
  list(opts?: ListOptions): Promise<Array<[string, T]>>;
  /**
   * Every record (whose id starts with `prefix`), in id order: for sets known to stay small
   * (properties, settings, live instances, leases of one kind) — larger ones page with `list`.
   */
  entries(prefix?: string): Promise<Array<[string, T]>>;
  /**
   * Atomically replaces the value with fn(old) (retrying fn on a conflict); returns the value now
   * stored (after KEEP: the current one; after a delete: undefined).
   */
  update(id: string, fn: (old: T | undefined) => UpdateResult<T>, opts?: WriteOptions): Promise<T | undefined>;
  /**
   * Writes `value` (undefined: deletes) only if the record's version is `expectedVersion`
   * (0: the record must be absent or expired). true when written. A version from before a
   * delete or an expiry never matches a record created since.
   */
  compareAndSet(id: string, expectedVersion: number, value: T | undefined, opts?: WriteOptions): Promise<boolean>;
}

export interface RecordKey {
  readonly collection: string;
  readonly id: string;
}

export interface RecordWrite extends RecordKey {
  /** undefined deletes the record. */
  readonly value: unknown;
  readonly ttlMs?: number;
}

export interface TransactionPlan<R> {
  readonly writes: readonly RecordWrite[];
  readonly result: R;
}

export interface Store {
  collection<T>(name: string): Collection<T>;
  /**
   * Reads `keys`, calls fn with their current values (undefined: absent), and applies the
   * writes it returns all together or not at all; fn re-runs when any of `keys` changed
   * meanwhile. Writes may only touch records listed in `keys`.
   */
  transact<R>(keys: readonly RecordKey[], fn: (current: ReadonlyArray<unknown>) => TransactionPlan<R>): Promise<R>;
  /** Flushes pending writes and releases files/connections. */
  close(): Promise<void>;
}

/** A write touched a record not listed in the transaction's keys, or a bad name/argument. */
export class StoreUsageError extends Error {
  override readonly name = 'StoreUsageError';
}

/** The backend could not make a write durable (disk, Redis); the write is not visible. */
export class StorePersistError extends Error {
  override readonly name = 'StorePersistError';
}

/** Gave up after too many version conflicts (a livelock, or a pathological hot record). */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}

export const MAX_LIST = 1000;
export const MAX_ID_LENGTH = 4096;
export const MAX_ATTEMPTS = 100;
