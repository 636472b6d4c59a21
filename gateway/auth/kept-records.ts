/**
 * The part of a store collection the credential checks keep their state in: gateway/store's
 * `Collection` satisfies it (gateway.ts passes `store.collection(name)`), so this folder needs
 * no import of the store (layering: test/unit/architecture.test.ts). Every instance sharing a
 * store (Redis) sees the same records.
 *
 * Ids: `recordId` keeps a short name readable and hashes any other (a Basic user name is the
 * client's text, of any length), so an id always suits every store backend.
 */
import { createHash } from 'node:crypto';

export interface KeptRecords {
  get(id: string): Promise<unknown>;
  getVersioned(id: string): Promise<{ readonly version: number } | undefined>;
  put(id: string, value: unknown, opts?: { readonly ttlMs?: number }): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Read-modify-write (fn may run more than once); fn's undefined deletes the record. */
  update(id: string, fn: (old: unknown) => unknown, opts?: { readonly ttlMs?: number }): Promise<unknown>;
}

/** Names up to this many code units are kept as they are. */
const READABLE = 200;

/** `<kind>:<name>`, or `<kind>#<sha256 of name>` for a long name. Injective per kind. */
export function recordId(kind: string, name: string): string {
  if (name.length <= READABLE) return `${kind}:${name}`;
  return `${kind}#${createHash('sha256').update(name, 'utf8').digest('base64url')}`;
}
