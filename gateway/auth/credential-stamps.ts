/**
 * Per-account credential stamps: how every instance learns at once that an account's cached
 * credentials are void (it was locked, deleted, made again, or its password changed).
 *
 * An account's stamp is the store version of its record (0: no record). `drop` writes the
 * record, so its version changes (store versions are never reused for an id, across deletes and
 * expiries); a cached credential remembers the stamp read before its password was checked and
 * is used only while the stamp is still that one.
 *
 * Rules it keeps:
 * - The record expires `keepMs` after the last drop, and `keepMs` exceeds the credential
 *   cache's lifetime: a credential cached while the record was absent (stamp 0) has expired
 *   before the record expires and reads 0 again.
 * - One store read per check (the hot path of a cached credential); one write per drop.
 */
import { recordId, type KeptRecords } from './kept-records.js';

/** The store collection of the stamps. */
export const CREDENTIAL_STAMPS = 'credentialStamps';

export interface CredentialStamps {
  /** The account's stamp now (0 when no drop is remembered). */
  of(user: string): Promise<number>;
  /** Voids every cached credential of the account, on every instance. */
  drop(user: string): Promise<void>;
}

export function createCredentialStamps(records: KeptRecords, keepMs: number): CredentialStamps {
  const id = (user: string) => recordId('u', user.toLowerCase());
  return {
    of: async (user) => (await records.getVersioned(id(user)))?.version ?? 0,
    drop: (user) => records.put(id(user), true, { ttlMs: keepMs }),
  };
}
