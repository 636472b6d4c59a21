/**
 * ofgate's own state behind one small interface, so that a shared store (for several ofgate
 * instances behind a balancer) can replace lowdb without touching the concern folders.
 * Collections are named documents maps; `update` is the atomic read-modify-write every
 * reservation (Fastpath offers, click-to-chat pairing, room pool) must go through.
 */

export type CollectionName =
  | 'userProperties'
  | 'systemProperties'
  | 'groupAdmins'
  | 'roomGroups'
  | 'roomMeta'
  | 'fastpath'
  | 'clicktochat'
  | 'lhc'
  | 'rooms'
  | 'mappings';

export interface Collection<T> {
  get(id: string): Promise<T | undefined>;
  put(id: string, value: T): Promise<void>;
  /** true when something was deleted. */
  delete(id: string): Promise<boolean>;
  entries(): Promise<Array<[string, T]>>;
  /** Atomically replaces the value with fn(old); returning undefined deletes it. */
  update(id: string, fn: (old: T | undefined) => T | undefined): Promise<T | undefined>;
}

export interface Store {
  collection<T>(name: CollectionName): Collection<T>;
  /** Flushes pending writes. */
  close(): Promise<void>;
}
