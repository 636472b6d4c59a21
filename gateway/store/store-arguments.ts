/**
 * The checks every backend makes on what a caller passes (collection names, ids, ttl, list
 * options, values) and the JSON codec of values, so all backends refuse and accept the same
 * things. A refusal is a StoreUsageError (a bug in the caller, never a runtime condition). Pure.
 */
import { COLLECTION_NAME, MAX_ID_LENGTH, MAX_LIST, StoreUsageError, type ListOptions } from './store.js';

/** A lone surrogate cannot be encoded as UTF-8 (Redis, files): ids must be well-formed. */
const LONE_SURROGATE = /\p{Cs}/u;

export function checkCollection(name: string): void {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) throw new StoreUsageError(`bad collection name: ${JSON.stringify(name)}`);
}

export function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || LONE_SURROGATE.test(id)) {
    throw new StoreUsageError(`bad record id: ${JSON.stringify(String(id).slice(0, 80))}`);
  }
}

export function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs === undefined) return;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new StoreUsageError(`ttlMs must be a positive integer, not ${ttlMs}`);
}

export function checkVersion(expected: number): void {
  if (!Number.isSafeInteger(expected) || expected < 0) throw new StoreUsageError(`bad expected version ${expected}`);
}

/** Transaction keys: each valid and listed once. */
export function checkKeys(keys: ReadonlyArray<{ readonly collection: string; readonly id: string }>): void {
  const seen = new Set<string>();
  for (const k of keys) {
    checkCollection(k.collection);
    checkId(k.id);
    const key = `${k.collection}\n${k.id}`;
    if (seen.has(key)) throw new StoreUsageError(`transact lists ${k.collection}/${k.id} twice`);
    seen.add(key);
  }
}

export interface ListBounds {
  readonly prefix: string;
  readonly after: string | undefined;
  readonly limit: number;
}

export function listBounds(opts: ListOptions = {}): ListBounds {
  const prefix = opts.prefix ?? '';
  if (typeof prefix !== 'string' || LONE_SURROGATE.test(prefix)) throw new StoreUsageError('bad list prefix');
  if (opts.after !== undefined && (typeof opts.after !== 'string' || LONE_SURROGATE.test(opts.after))) throw new StoreUsageError('bad list cursor');
  const limit = opts.limit ?? MAX_LIST;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST) throw new StoreUsageError(`list limit must be 1..${MAX_LIST}, not ${limit}`);
  return { prefix, after: opts.after, limit };
}

/** The value as JSON text; StoreUsageError for what JSON cannot hold (undefined, functions, cycles, bigint). */
export function encodeValue(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new StoreUsageError(`value is not JSON: ${(e as Error).message}`);
  }
  if (json === undefined) throw new StoreUsageError(`value is not JSON: ${typeof value}`);
  return json;
}

/** A fresh copy of a stored value. */
export function decodeValue<T>(json: string): T {
  return JSON.parse(json) as T;
}
