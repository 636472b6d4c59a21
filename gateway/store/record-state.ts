/**
 * One record's state and the rules every local backend (memory, embedded) applies to it: the
 * version rule (a write takes the next number of the store-wide VersionCounter, so a version is
 * never reused for an id; an expired record counts as absent, version 0 for a compare-and-set),
 * expiry (absolute epoch ms from the injected clock), and the id order (Unicode code points, i.e.
 * UTF-8 byte order, the order Redis sorts the same ids in). Pure: no clock, no I/O.
 *
 * A record keeps its value as JSON text: a read parses a fresh copy (never aliases), the journal
 * and the snapshot embed the text as is.
 */

export interface StoredRecord {
  /** The value as JSON text. */
  readonly json: string;
  readonly version: number;
  /** Epoch ms; the record reads as absent from this instant on. undefined: never. */
  readonly expiresAt?: number | undefined;
}

/** A write as committed: the record after it, or null for a delete. */
export interface RecordOp {
  readonly collection: string;
  readonly id: string;
  readonly record: StoredRecord | null;
}

export function isLive(rec: StoredRecord | undefined, now: number): rec is StoredRecord {
  return rec !== undefined && (rec.expiresAt === undefined || rec.expiresAt > now);
}

/** The version a record is at for a compare-and-set: 0 when absent or expired. */
export function versionOf(rec: StoredRecord | undefined, now: number): number {
  return isLive(rec, now) ? rec.version : 0;
}

/** The record written as `json` at `version` (the counter's next), expiring `ttlMs` after `now` or never. */
export function writtenRecord(json: string, version: number, now: number, ttlMs?: number): StoredRecord {
  return { json, version, expiresAt: ttlMs === undefined ? undefined : now + ttlMs };
}

/** Maps a UTF-16 code unit so that code-unit comparison gives code-point order. */
function orderUnit(c: number): number {
  if (c < 0xd800) return c;
  return c >= 0xe000 ? c - 0x800 : c + 0x2000; // surrogates sort above U+E000..U+FFFF
}

/** Ascending Unicode code-point order (= UTF-8 byte order, Redis ZRANGEBYLEX order). */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return orderUnit(x) - orderUnit(y);
  }
  return a.length - b.length;
}
