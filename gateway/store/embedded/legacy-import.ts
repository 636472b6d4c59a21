/**
 * The one-time import of the old single-file format: `<dir>/state.json`, `{collection: {id: value}}`
 * as the former lowdb store wrote it. Every record comes in at version 1, without expiry. Names
 * or ids the store would refuse are left out (and counted). Pure apart from reading the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredRecord } from '../record-state.js';
import { checkCollection, checkId, encodeValue } from '../store-arguments.js';
import type { SnapshotCollections } from './snapshot.js';

export const LEGACY_STATE = 'state.json';

export interface LegacyState {
  readonly collections: SnapshotCollections;
  readonly records: number;
  readonly skipped: number;
}

/** undefined when there is no `state.json`; throws when there is one that is not that format. */
export async function readLegacyState(dir: string): Promise<LegacyState | undefined> {
  const path = join(dir, LEGACY_STATE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} (the old state file) is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${path} (the old state file) is not {collection: {id: value}}`);
  const collections: Array<[string, Map<string, StoredRecord>]> = [];
  let records = 0;
  let skipped = 0;
  for (const [name, recs] of Object.entries(doc)) {
    if (typeof recs !== 'object' || recs === null || Array.isArray(recs) || !accepted(() => checkCollection(name))) {
      skipped++;
      continue;
    }
    const map = new Map<string, StoredRecord>();
    for (const [id, value] of Object.entries(recs as Record<string, unknown>)) {
      if (value === undefined || !accepted(() => checkId(id))) {
        skipped++;
        continue;
      }
      map.set(id, { json: encodeValue(value), version: 1 });
      records++;
    }
    collections.push([name, map]);
  }
  return { collections, records, skipped };
}

function accepted(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
