/**
 * The snapshot file, written and read through lowdb (a DataFile adapter: steno writes a temp file
 * and renames it over the target), then made durable here: fsync of the file and of the directory.
 *
 * `store-snapshot.<n>.json` holds every live record as of the start of journal n (so recovery
 * replays journals n, n+1, …), versions and expiries included:
 *   {"format":"ofgate-store","formatVersion":1,"journal":n,"lastVersion":<version>,
 *    "collections":{"<collection>":{"<id>":{"v":<version>,"e":<expiresAt>,"d":<value>}}}}
 * ("e" only when the record expires). `lastVersion` is the store's version counter at that
 * instant (at least every version ever given, deleted records' included), so versions are never
 * reused after a restart; a snapshot written before it existed reads as 0 (recovery then takes
 * the highest record version). The text is built from the records' JSON as is (no parse,
 * no re-encode). Reading validates the shape: a damaged file is a SnapshotCorruptError, never an
 * empty store.
 */
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { isLive, type StoredRecord } from '../record-state.js';
import type { StoreIo } from './store-io.js';

export const SNAPSHOT_FILE = /^store-snapshot\.(\d+)\.json$/;
export const snapshotName = (journal: number): string => `store-snapshot.${journal}.json`;

export type SnapshotCollections = ReadonlyArray<readonly [string, ReadonlyMap<string, StoredRecord>]>;

export interface SnapshotImage {
  /** The first journal to replay on top of this snapshot. */
  readonly journal: number;
  /** The version counter as of this snapshot (0 if the file predates it). */
  readonly lastVersion: number;
  readonly collections: SnapshotCollections;
}

export class SnapshotCorruptError extends Error {
  override readonly name = 'SnapshotCorruptError';
}

function stringify(image: SnapshotImage, now: number): string {
  const cols: string[] = [];
  for (const [name, records] of image.collections) {
    const recs: string[] = [];
    for (const [id, rec] of records) {
      if (!isLive(rec, now)) continue; // expired records end here
      const e = rec.expiresAt === undefined ? '' : `,"e":${rec.expiresAt}`;
      recs.push(`${JSON.stringify(id)}:{"v":${rec.version}${e},"d":${rec.json}}`);
    }
    if (recs.length > 0) cols.push(`${JSON.stringify(name)}:{${recs.join(',')}}`);
  }
  return `{"format":"ofgate-store","formatVersion":1,"journal":${image.journal},"lastVersion":${image.lastVersion},"collections":{${cols.join(',')}}}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string): SnapshotImage {
  const doc: unknown = JSON.parse(text);
  if (!isObject(doc) || doc.format !== 'ofgate-store' || doc.formatVersion !== 1) throw new Error('not an ofgate store snapshot (format 1)');
  if (!Number.isSafeInteger(doc.journal) || (doc.journal as number) < 1 || !isObject(doc.collections)) throw new Error('snapshot header is malformed');
  const lastVersion = doc.lastVersion ?? 0;
  if (!Number.isSafeInteger(lastVersion) || (lastVersion as number) < 0) throw new Error('snapshot lastVersion is malformed');
  const collections: Array<[string, Map<string, StoredRecord>]> = [];
  for (const [name, recs] of Object.entries(doc.collections)) {
    if (!isObject(recs)) throw new Error(`collection ${name} is malformed`);
    const map = new Map<string, StoredRecord>();
    for (const [id, r] of Object.entries(recs)) {
      if (!isObject(r) || !Number.isSafeInteger(r.v) || (r.v as number) < 1 || !('d' in r) || (r.e !== undefined && typeof r.e !== 'number')) {
        throw new Error(`record ${name}/${id} is malformed`);
      }
      map.set(id, { json: JSON.stringify(r.d), version: r.v as number, expiresAt: r.e as number | undefined });
    }
    collections.push([name, map]);
  }
  return { journal: doc.journal as number, lastVersion: lastVersion as number, collections };
}

/** Reads `<dir>/store-snapshot.<journal>.json`; SnapshotCorruptError when it is not a valid snapshot. */
export async function readSnapshot(dir: string, journal: number): Promise<SnapshotImage> {
  const path = join(dir, snapshotName(journal));
  const db = new Low<SnapshotImage | null>(new DataFile<SnapshotImage | null>(path, { parse, stringify: () => '' }), null);
  try {
    await db.read();
  } catch (e) {
    throw new SnapshotCorruptError(`store snapshot ${path} is damaged: ${(e as Error).message}`, { cause: e });
  }
  if (db.data === null) throw new SnapshotCorruptError(`store snapshot ${path} is missing`);
  if (db.data.journal !== journal) throw new SnapshotCorruptError(`store snapshot ${path} says journal ${db.data.journal}`);
  return db.data;
}

/** Writes the snapshot (records expired at `now` left out) and makes it durable; returns its size in bytes. */
export async function writeSnapshot(io: StoreIo, dir: string, image: SnapshotImage, now: number): Promise<number> {
  const path = join(dir, snapshotName(image.journal));
  let bytes = 0;
  const adapter = new DataFile<SnapshotImage>(path, {
    parse,
    stringify: (img) => {
      const text = stringify(img, now);
      bytes = Buffer.byteLength(text);
      return text;
    },
  });
  const db = new Low<SnapshotImage>(adapter, image);
  await db.write();
  await io.fsyncPath(path);
  await io.fsyncPath(dir);
  return bytes;
}
