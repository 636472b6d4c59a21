/**
 * Where the online view keeps its records, one per bare JID: a Map in this process (one
 * instance), or the shared Store (gateway/presence/store-presence-storage.ts) so that every
 * instance answers "is this agent available" the same way.
 *
 * The rule every storage keeps: `change` applies the step atomically against concurrent changes
 * of the same JID (in this process or another instance), re-running the pure step on a conflict,
 * so no applied event is ever lost; a step returning its input itself writes nothing.
 */
import type { PresenceRecord, PresenceStep } from './presence-record.js';

export interface PresenceChange {
  /** The record the step last ran on (the one it replaced). */
  readonly before: PresenceRecord | undefined;
  /** The record now kept. */
  readonly after: PresenceRecord | undefined;
}

export interface PresenceStorage {
  read(bareJid: string): Promise<PresenceRecord | undefined>;
  change(bareJid: string, step: PresenceStep): Promise<PresenceChange>;
  /** The records in bare-JID order: all of them, or the first `limit`. */
  records(limit?: number): Promise<Array<[string, PresenceRecord]>>;
}

export function createMemoryPresenceStorage(): PresenceStorage {
  const records = new Map<string, PresenceRecord>();
  return {
    async read(jid) {
      return records.get(jid);
    },
    async change(jid, step) {
      const before = records.get(jid);
      const after = step(before);
      if (after === before) return { before, after };
      if (after === undefined) records.delete(jid);
      else records.set(jid, after);
      return { before, after };
    },
    async records(limit) {
      const sorted = [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return limit === undefined ? sorted : sorted.slice(0, limit);
    },
  };
}
