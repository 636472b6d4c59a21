/**
 * The audit log of admin changes, kept in the Store so every instance writes and reads the
 * same log: who (the admin account, or "secret" for the shared secret), when, what (a summary
 * and details), from which address. Rules kept:
 * - bounded retention: each entry expires `retentionMs` after it was written (a store TTL),
 *   and a read looks at no more than `maxScan` entries;
 * - newest first: a record's id is its logId as a newest-first key (store's newestFirstKey on
 *   the logId scale: 16 digits, the complement to LOG_ID_CEILING), so the store's ascending id
 *   order is newest first; logId is the write time in µs-ish units (ms × 1000 + a random
 *   0–999), unique enough across instances and below 2^53;
 * - timestamps are epoch seconds (the REST API plugin's SecurityAuditLog.timestamp).
 * References: Openfire REST API plugin SecurityAuditLogService, entity/SecurityAuditLog.java.
 */
import { randomInt } from 'node:crypto';
import { systemClock, type Clock } from '../clock/index.js';
import { newestFirstKey, type Store } from '../store/index.js';

export const AUDIT_COLLECTION = 'securityAudit';

export interface AuditEntry {
  readonly logId: number;
  /** The admin account, or "secret" for the shared secret. */
  readonly username: string;
  /** Epoch seconds. */
  readonly timestamp: number;
  readonly summary: string;
  /** The client's address. */
  readonly node: string;
  readonly details: string;
}

export type AuditEvent = Omit<AuditEntry, 'logId' | 'timestamp'>;

export interface AuditQuery {
  readonly username?: string | undefined;
  /** Entries to skip (after the filters). */
  readonly offset: number;
  readonly limit: number;
  /** Epoch seconds, inclusive. */
  readonly startTime?: number | undefined;
  readonly endTime?: number | undefined;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(q: AuditQuery): Promise<AuditEntry[]>;
}

export interface AuditLogOptions {
  readonly retentionMs: number;
  /** At most this many entries are read to answer one list (default 20,000). */
  readonly maxScan?: number;
}

const LOG_ID_CEILING = 9_000_000_000_000_000; // > any logId (ms × 1000 until the year 2255), < 2^53
const PAGE = 1000;
const idOf = (logId: number): string => newestFirstKey(logId, LOG_ID_CEILING);

export function createAuditLog(store: Store, opts: AuditLogOptions, clock: Pick<Clock, 'now'> = systemClock): AuditLog {
  const entries = store.collection<AuditEntry>(AUDIT_COLLECTION);
  const maxScan = opts.maxScan ?? 20_000;
  return {
    async record(event) {
      const now = clock.now();
      const logId = now * 1000 + randomInt(1000);
      await entries.put(idOf(logId), { ...event, logId, timestamp: Math.floor(now / 1000) }, { ttlMs: opts.retentionMs });
    },

    async list(q) {
      const out: AuditEntry[] = [];
      let skip = Math.max(0, q.offset);
      // entries at or before endTime: logId < (endTime + 1) s in logId units
      let after = q.endTime === undefined ? undefined : idOf((q.endTime + 1) * 1_000_000);
      for (let scanned = 0; scanned < maxScan && out.length < q.limit; ) {
        const page = await entries.list({ ...(after === undefined ? {} : { after }), limit: PAGE });
        if (page.length === 0) break;
        scanned += page.length;
        for (const [id, e] of page) {
          after = id;
          if (q.startTime !== undefined && e.timestamp < q.startTime) return out; // older from here on
          if (q.username !== undefined && e.username !== q.username) continue;
          if (skip > 0) {
            skip -= 1;
            continue;
          }
          out.push(e);
          if (out.length >= q.limit) break;
        }
      }
      return out;
    },
  };
}
