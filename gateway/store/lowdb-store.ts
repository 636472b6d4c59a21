/** The default Store: a JSON file written atomically by lowdb. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import { createDocumentStore, type Document } from './document-store.js';
import type { Store } from './store.js';

export async function createLowdbStore(file: string): Promise<Store> {
  mkdirSync(dirname(file), { recursive: true });
  const db = await JSONFilePreset<Document>(file, {});
  return createDocumentStore(db.data, () => db.write());
}
