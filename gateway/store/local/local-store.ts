/**
 * The Store of the local backends (memory, embedded): reads come from a RecordTable, writes go
 * through a LocalCommitter that decides when they become visible (memory: at once; embedded: once
 * the journal holds them durably).
 *
 * Rules kept here:
 * - A write is decided against `committer.latest()` — the newest accepted write, durable or still
 *   queued — synchronously, in the same turn it is accepted. So within one process no two writes
 *   ever race: update/transact run `fn` exactly once and never conflict.
 * - Every write takes its version from the store-wide VersionCounter (never reused for an id,
 *   whatever was deleted or expired before); compareAndSet compares against latest()'s version.
 * - Reads (get, list, entries) see only the table: what is visible is durable.
 * - A step that writes nothing (KEEP, a failed compareAndSet aside) still waits for the writes
 *   accepted before it (`commit([])`), so what it returns is durable too, and it fails with them.
 * - Expired records read as absent; they are reclaimed every so many writes (amortised O(1)).
 */
import { systemClock, type Clock } from '../../clock/index.js';
import { isLive, versionOf, writtenRecord, type RecordOp, type StoredRecord } from '../record-state.js';
import { checkCollection, checkId, checkKeys, checkTtl, checkVersion, decodeValue, encodeValue, listBounds } from '../store-arguments.js';
import { KEEP, StoreUsageError, type Collection, type RecordKey, type Store, type TransactionPlan, type Versioned } from '../store.js';
import type { RecordTable } from './record-table.js';
import type { VersionCounter } from './version-counter.js';

export interface LocalCommitter {
  /** The record the next write must build on: the newest accepted write, durable or queued. */
  latest(collection: string, id: string): StoredRecord | undefined;
  /**
   * Accepts `ops` now (latest() reflects them at once) and resolves once they are visible in the
   * table. An empty list resolves once every write accepted before it is visible (rejects if one
   * of them failed).
   */
  commit(ops: readonly RecordOp[]): Promise<void>;
  close(): Promise<void>;
}

export interface LocalStoreParts {
  readonly table: RecordTable;
  readonly committer: LocalCommitter;
  /** Numbers every write; starts above any version the table (or its history) holds. */
  readonly versions: VersionCounter;
  readonly clock?: Pick<Clock, 'now'>;
}

/** Writes between two sweeps of expired records: at least this, and at least the table's size. */
const RECLAIM_EVERY = 1024;

export function createLocalStore({ table, committer, versions, clock = systemClock }: LocalStoreParts): Store {
  let closed = false;
  let writesSinceReclaim = 0;

  const open = (): void => {
    if (closed) throw new StoreUsageError('the store is closed');
  };
  const liveLatest = (collection: string, id: string): StoredRecord | undefined => {
    const rec = committer.latest(collection, id);
    return isLive(rec, clock.now()) ? rec : undefined;
  };
  const commit = async (ops: readonly RecordOp[]): Promise<void> => {
    await committer.commit(ops);
    writesSinceReclaim += ops.length;
    if (writesSinceReclaim >= Math.max(RECLAIM_EVERY, table.size)) {
      writesSinceReclaim = 0;
      table.reclaimExpired(clock.now());
    }
  };
  const written = (collection: string, id: string, value: unknown, ttlMs: number | undefined): RecordOp => {
    checkTtl(ttlMs);
    const json = encodeValue(value);
    return { collection, id, record: writtenRecord(json, versions.next(), clock.now(), ttlMs) };
  };

  const collection = <T>(name: string): Collection<T> => {
    checkCollection(name);
    const visible = (id: string): StoredRecord | undefined => {
      open();
      checkId(id);
      const rec = table.get(name, id);
      return isLive(rec, clock.now()) ? rec : undefined;
    };
    return {
      async get(id) {
        const rec = visible(id);
        return rec && decodeValue<T>(rec.json);
      },
      async getVersioned(id): Promise<Versioned<T> | undefined> {
        const rec = visible(id);
        return rec && { value: decodeValue<T>(rec.json), version: rec.version, expiresAt: rec.expiresAt };
      },
      async put(id, value, opts) {
        open();
        checkId(id);
        await commit([written(name, id, value, opts?.ttlMs)]);
      },
      async delete(id) {
        open();
        checkId(id);
        if (!liveLatest(name, id)) return false;
        await commit([{ collection: name, id, record: null }]);
        return true;
      },
      async list(opts) {
        open();
        const bounds = listBounds(opts);
        return table.list(name, bounds, clock.now()).map(([id, rec]) => [id, decodeValue<T>(rec.json)]);
      },
      async entries(prefix) {
        open();
        return table.entries(name, clock.now(), listBounds({ prefix }).prefix).map(([id, rec]) => [id, decodeValue<T>(rec.json)]);
      },
      async update(id, fn, opts) {
        open();
        checkId(id);
        checkTtl(opts?.ttlMs);
        const old = liveLatest(name, id);
        const next = fn(old && decodeValue<T>(old.json));
        if (next === KEEP || (next === undefined && !old)) {
          await commit([]);
          return old && decodeValue<T>(old.json);
        }
        if (next === undefined) {
          await commit([{ collection: name, id, record: null }]);
          return undefined;
        }
        const op = written(name, id, next, opts?.ttlMs);
        await commit([op]);
        return decodeValue<T>((op.record as StoredRecord).json);
      },
      async compareAndSet(id, expectedVersion, value, opts) {
        open();
        checkId(id);
        checkTtl(opts?.ttlMs);
        checkVersion(expectedVersion);
        if (versionOf(committer.latest(name, id), clock.now()) !== expectedVersion) return false;
        if (value === undefined) {
          await commit(expectedVersion === 0 ? [] : [{ collection: name, id, record: null }]);
        } else {
          await commit([written(name, id, value, opts?.ttlMs)]);
        }
        return true;
      },
    };
  };

  return {
    collection,
    async transact<R>(keys: readonly RecordKey[], fn: (current: ReadonlyArray<unknown>) => TransactionPlan<R>): Promise<R> {
      open();
      checkKeys(keys);
      const listed = new Set(keys.map((k) => `${k.collection}\n${k.id}`));
      const current = keys.map((k) => {
        const rec = liveLatest(k.collection, k.id);
        return rec && decodeValue<unknown>(rec.json);
      });
      const plan = fn(current);
      const seen = new Set<string>();
      const ops: RecordOp[] = [];
      for (const w of plan.writes) {
        const key = `${w.collection}\n${w.id}`;
        if (!listed.has(key)) throw new StoreUsageError(`transact wrote ${w.collection}/${w.id}, which is not among its keys`);
        if (seen.has(key)) throw new StoreUsageError(`transact wrote ${w.collection}/${w.id} twice`);
        seen.add(key);
        if (w.value !== undefined) ops.push(written(w.collection, w.id, w.value, w.ttlMs));
        else if (liveLatest(w.collection, w.id)) ops.push({ collection: w.collection, id: w.id, record: null });
      }
      await commit(ops);
      return plan.result;
    },
    async close() {
      if (closed) return;
      closed = true;
      await committer.close();
    },
  };
}
