/**
 * The records of a local backend (memory, embedded) in memory: per collection a Map by id and the
 * ids in ascending order (record-state's compareIds), so `list` by prefix/cursor/limit is a binary
 * search plus a walk over what it returns, not a scan. Adding or removing an id splices the order
 * array (a memmove: microseconds at 10,000 ids). Expired records stay until `reclaimExpired`
 * (amortised: called by the backends every so many writes, and by compaction). No clock inside.
 */
import { compareIds, isLive, type RecordOp, type StoredRecord } from '../record-state.js';
import type { ListBounds } from '../store-arguments.js';

interface Table {
  readonly byId: Map<string, StoredRecord>;
  /** Every id of byId, ascending. */
  order: string[];
}

export interface RecordTable {
  get(collection: string, id: string): StoredRecord | undefined;
  apply(op: RecordOp): void;
  /** Live records within `bounds`, ascending. */
  list(collection: string, bounds: ListBounds, now: number): Array<[string, StoredRecord]>;
  /** Every live record whose id starts with `prefix`, in id order. */
  entries(collection: string, now: number, prefix?: string): Array<[string, StoredRecord]>;
  /** Every collection name with its records (live or not) — for a snapshot. */
  collections(): Array<[string, ReadonlyMap<string, StoredRecord>]>;
  /** Drops the records expired at `now`; returns how many. */
  reclaimExpired(now: number): number;
  readonly size: number;
}

/** First index in `order` whose id is >= `id` (strict: > `id`). */
function lowerBound(order: readonly string[], id: string, strict: boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareIds(order[mid] as string, id);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createRecordTable(): RecordTable {
  const tables = new Map<string, Table>();
  let size = 0;

  const table = (collection: string): Table => {
    let t = tables.get(collection);
    if (!t) tables.set(collection, (t = { byId: new Map(), order: [] }));
    return t;
  };

  const remove = (t: Table, id: string): void => {
    if (!t.byId.delete(id)) return;
    t.order.splice(lowerBound(t.order, id, false), 1);
    size--;
  };

  return {
    get: (collection, id) => tables.get(collection)?.byId.get(id),
    apply({ collection, id, record }) {
      const t = table(collection);
      if (record === null) return remove(t, id);
      if (!t.byId.has(id)) {
        t.order.splice(lowerBound(t.order, id, false), 0, id);
        size++;
      }
      t.byId.set(id, record);
    },
    list(collection, { prefix, after, limit }, now) {
      const t = tables.get(collection);
      if (!t) return [];
      const fromAfter = after !== undefined && compareIds(after, prefix) >= 0;
      const out: Array<[string, StoredRecord]> = [];
      for (let i = fromAfter ? lowerBound(t.order, after, true) : lowerBound(t.order, prefix, false); i < t.order.length && out.length < limit; i++) {
        const id = t.order[i] as string;
        if (!id.startsWith(prefix)) break;
        const rec = t.byId.get(id);
        if (isLive(rec, now)) out.push([id, rec]);
      }
      return out;
    },
    entries(collection, now, prefix = '') {
      return this.list(collection, { prefix, after: undefined, limit: Infinity }, now);
    },
    collections: () => [...tables].map(([name, t]) => [name, t.byId]),
    reclaimExpired(now) {
      let n = 0;
      for (const t of tables.values()) {
        const dead = [...t.byId].filter(([, rec]) => !isLive(rec, now)).map(([id]) => id);
        if (dead.length === 0) continue;
        const gone = new Set(dead);
        for (const id of dead) t.byId.delete(id);
        t.order = t.order.filter((id) => !gone.has(id));
        n += dead.length;
      }
      size -= n;
      return n;
    },
    get size() {
      return size;
    },
  };
}
