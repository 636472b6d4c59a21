/**
 * The shared online view's storage: one record per bare JID in the Store collection
 * `onlineView`, changed with `update` (the pure step re-runs on a version conflict), so two
 * instances applying events to one JID never lose either. Every instance reads the same records.
 */
import type { PresenceRecord } from './presence-record.js';
import type { PresenceStorage } from './presence-storage.js';
import { KEEP, type Store } from '../store/index.js';

export const ONLINE_VIEW_COLLECTION = 'onlineView';

export function createStorePresenceStorage(store: Store): PresenceStorage {
  const records = store.collection<PresenceRecord>(ONLINE_VIEW_COLLECTION);
  return {
    read: (jid) => records.get(jid),
    async change(jid, step) {
      // The last run of the step is the one whose result was written (or kept).
      let before: PresenceRecord | undefined;
      let after: PresenceRecord | undefined;
      await records.update(jid, (old) => {
        before = old;
        after = step(old);
        return after === old ? KEEP : after;
      });
      return { before, after };
    },
    records: (limit) => (limit === undefined ? records.entries() : records.list({ limit })),
  };
}
