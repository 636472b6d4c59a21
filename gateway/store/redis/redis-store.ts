/**
 * The shared backend: every record in Redis (layout in redis-keys.ts), so several ofgate instances
 * see one state. Durability is Redis's (appendonly yes; appendfsync always or everysec).
 *
 * Rules kept here:
 * - Every write is a Lua script that checks the record's version and writes in one atomic step
 *   (scripts.ts), taking the new version from the store-wide counter in the same step (never
 *   reused for an id, whichever instance writes). `update` and `transact` read, run `fn`, and write only if what they read is
 *   still current; otherwise they re-read and re-run `fn` (up to MAX_ATTEMPTS, with a small
 *   random pause after the first few, then StoreConflictError).
 * - A write Redis did not take (unreachable, closed, error reply) rejects with StorePersistError.
 *   When the connection drops after a script was sent, its outcome is unknown: it rejects too,
 *   and the connection never resends it (gateway/redis), so it is applied at most once.
 * - Reads reject with the connection's own error. Expiry is Redis's (PXAT, Redis's clock).
 * - The store does not own the connection: close() only stops using it.
 */
import type { Redis } from 'ioredis';
import { checkCollection, checkId, checkKeys, checkTtl, checkVersion, decodeValue, encodeValue, listBounds } from '../store-arguments.js';
import {
  KEEP,
  MAX_ATTEMPTS,
  StoreConflictError,
  StorePersistError,
  StoreUsageError,
  type Collection,
  type RecordKey,
  type Store,
  type TransactionPlan,
  type Versioned,
} from '../store.js';
import { keyLayout, lexRange, parseRecord, type RedisRecord } from './redis-keys.js';
import { withStoreScripts } from './scripts.js';

export interface RedisStoreOptions {
  /** A connection from gateway/redis connectRedis (not used for blocking reads elsewhere). */
  readonly redis: Redis;
  /** Prefix of every key (redis.keyPrefix), e.g. `ofgate:`. */
  readonly keyPrefix: string;
}

/** Ids fetched per ZRANGEBYLEX round while filling a page. */
const SCAN_CHUNK = 200;

const persistError = (what: string, e: unknown): StorePersistError =>
  new StorePersistError(`redis did not take the ${what}: ${(e as Error).message}`, { cause: e });

/** After a few conflicts, wait 0..n ms so competing writers spread out. */
const pause = (attempt: number): Promise<void> | undefined =>
  attempt < 3 ? undefined : new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));

export function createRedisStore(opts: RedisStoreOptions): Store {
  const redis = withStoreScripts(opts.redis);
  const keys = keyLayout(opts.keyPrefix);
  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreUsageError('the store is closed');
  };

  /** json undefined: delete. */
  const cas = async (collection: string, id: string, expected: number, json: string | undefined, ttlMs: number | undefined): Promise<[number, number, number?]> => {
    try {
      return await redis.ofgateCas(keys.record(collection, id), keys.index(collection), keys.versionCounter(), expected, json === undefined ? 'del' : 'set', id, ttlMs === undefined ? '' : String(ttlMs), json ?? '');
    } catch (e) {
      throw persistError('write', e);
    }
  };

  const read = async (collection: string, id: string): Promise<RedisRecord | undefined> => {
    const text = await redis.get(keys.record(collection, id));
    return text === null ? undefined : parseRecord(text);
  };

  /** Live records of ids in `ids` (index entries whose record is gone are removed). */
  const fetch = async (collection: string, ids: readonly string[]): Promise<Array<[string, RedisRecord]>> => {
    if (ids.length === 0) return [];
    const texts = await redis.mget(ids.map((id) => keys.record(collection, id)));
    const out: Array<[string, RedisRecord]> = [];
    const gone: string[] = [];
    ids.forEach((id, i) => {
      const t = texts[i];
      if (t === null || t === undefined) gone.push(id);
      else out.push([id, parseRecord(t)]);
    });
    await Promise.all(gone.map((id) => redis.ofgateUnindex(keys.record(collection, id), keys.index(collection), id).catch(() => 0)));
    return out;
  };

  const collection = <T>(name: string): Collection<T> => {
    checkCollection(name);
    const list = async (prefix: string, after: string | undefined, limit: number): Promise<Array<[string, T]>> => {
      const out: Array<[string, T]> = [];
      let cursor = after;
      while (out.length < limit) {
        const [min, max] = lexRange(prefix, cursor);
        const want = Math.min(SCAN_CHUNK, Math.max(limit - out.length, 16));
        const ids = await redis.zrangebylex(keys.index(name), min, max, 'LIMIT', 0, want);
        for (const [id, rec] of await fetch(name, ids)) if (out.length < limit) out.push([id, rec.d as T]);
        if (ids.length < want) break;
        cursor = ids[ids.length - 1];
      }
      return out;
    };
    return {
      async get(id) {
        open();
        checkId(id);
        return (await read(name, id))?.d as T | undefined;
      },
      async getVersioned(id): Promise<Versioned<T> | undefined> {
        open();
        checkId(id);
        const rec = await read(name, id);
        return rec && { value: rec.d as T, version: rec.v, expiresAt: rec.e };
      },
      async put(id, value, o) {
        open();
        checkId(id);
        checkTtl(o?.ttlMs);
        await cas(name, id, -1, encodeValue(value), o?.ttlMs);
      },
      async delete(id) {
        open();
        checkId(id);
        const [, , existed] = await cas(name, id, -1, undefined, undefined);
        return existed === 1;
      },
      async list(o) {
        open();
        const { prefix, after, limit } = listBounds(o);
        return list(prefix, after, limit);
      },
      async entries(prefix) {
        open();
        return list(listBounds({ prefix }).prefix, undefined, Infinity);
      },
      async update(id, fn, o) {
        open();
        checkId(id);
        checkTtl(o?.ttlMs);
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const rec = await read(name, id);
          const next = fn(rec?.d as T | undefined);
          if (next === KEEP || (next === undefined && !rec)) return rec?.d as T | undefined;
          const json = next === undefined ? undefined : encodeValue(next);
          const [ok] = await cas(name, id, rec?.v ?? 0, json, o?.ttlMs);
          if (ok === 1) return json === undefined ? undefined : decodeValue<T>(json);
          await pause(attempt);
        }
        throw new StoreConflictError(`update of ${name}/${id} gave up after ${MAX_ATTEMPTS} conflicts`);
      },
      async compareAndSet(id, expectedVersion, value, o) {
        open();
        checkId(id);
        checkTtl(o?.ttlMs);
        checkVersion(expectedVersion);
        const [ok] = await cas(name, id, expectedVersion, value === undefined ? undefined : encodeValue(value), o?.ttlMs);
        return ok === 1;
      },
    };
  };

  return {
    collection,
    async transact<R>(recordKeys: readonly RecordKey[], fn: (current: ReadonlyArray<unknown>) => TransactionPlan<R>): Promise<R> {
      open();
      checkKeys(recordKeys);
      const position = new Map(recordKeys.map((k, i) => [`${k.collection}\n${k.id}`, i + 1]));
      const recKeys = recordKeys.map((k) => keys.record(k.collection, k.id));
      const idxKeys = recordKeys.map((k) => keys.index(k.collection));
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const texts = recKeys.length ? await redis.mget(recKeys) : [];
        const recs = texts.map((t) => (t === null || t === undefined ? undefined : parseRecord(t)));
        const plan = fn(recs.map((r) => r?.d));
        const args: Array<string | number> = [];
        const written = new Set<number>();
        for (const w of plan.writes) {
          const at = position.get(`${w.collection}\n${w.id}`);
          if (at === undefined) throw new StoreUsageError(`transact wrote ${w.collection}/${w.id}, which is not among its keys`);
          if (written.has(at)) throw new StoreUsageError(`transact wrote ${w.collection}/${w.id} twice`);
          written.add(at);
          checkTtl(w.ttlMs);
          args.push(at, w.value === undefined ? 'del' : 'set', w.ttlMs === undefined ? '' : String(w.ttlMs), w.value === undefined ? '' : encodeValue(w.value));
        }
        if (args.length === 0) return plan.result;
        let ok: number;
        try {
          ok = await redis.ofgateTransact(recKeys.length * 2 + 1, ...recKeys, ...idxKeys, keys.versionCounter(), recKeys.length, ...recs.map((r) => r?.v ?? 0), ...recordKeys.map((k) => k.id), ...args);
        } catch (e) {
          throw persistError('transaction', e);
        }
        if (ok === 1) return plan.result;
        await pause(attempt);
      }
      throw new StoreConflictError(`transaction gave up after ${MAX_ATTEMPTS} conflicts`);
    },
    async close() {
      closed = true;
    },
  };
}

