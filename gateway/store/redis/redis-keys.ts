/**
 * The Redis key layout of the store (all under the configured key prefix):
 * - `<prefix>s:<collection>:<id>`: one string per record, `{"v":<version>,"e":<expiresAt>,"d":<value>}`
 *   ("e" only with a ttl; the key then has the same PXAT expiry, so Redis drops it);
 * - `<prefix>si:<collection>`: a sorted set of the collection's ids, all at score 0, so
 *   ZRANGEBYLEX lists them in byte order by prefix and cursor. An id whose record expired stays
 *   there until a list meets it and removes it (lazily, atomically with a check);
 * - `<prefix>v`: the store-wide version counter (an integer string), INCR'd by every write's
 *   script, so versions are never reused for an id.
 * Collection names never contain ':' (COLLECTION_NAME), so the layout is unambiguous. Pure.
 */

export interface KeyLayout {
  record(collection: string, id: string): string;
  index(collection: string): string;
  versionCounter(): string;
}

export function keyLayout(prefix: string): KeyLayout {
  return {
    record: (collection, id) => `${prefix}s:${collection}:${id}`,
    index: (collection) => `${prefix}si:${collection}`,
    versionCounter: () => `${prefix}v`,
  };
}

/** The ZRANGEBYLEX bounds of ids starting with `prefix` and strictly after `after`. */
export function lexRange(prefix: string, after: string | undefined): [Buffer | string, Buffer | string] {
  const fromAfter = after !== undefined && Buffer.compare(Buffer.from(after), Buffer.from(prefix)) >= 0;
  const min = fromAfter ? `(${after}` : prefix === '' ? '-' : `[${prefix}`;
  // No UTF-8 byte is 0xFF: every id starting with prefix sorts below prefix + 0xFF.
  const max = prefix === '' ? '+' : Buffer.concat([Buffer.from(`(${prefix}`), Buffer.from([0xff])]);
  return [min, max];
}

/** A stored record's parts: version, expiry, value. */
export interface RedisRecord {
  readonly v: number;
  readonly e?: number;
  readonly d: unknown;
}

export function parseRecord(text: string): RedisRecord {
  return JSON.parse(text) as RedisRecord;
}
