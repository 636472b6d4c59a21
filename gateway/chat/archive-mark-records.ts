/**
 * Each chat user's archive mark (the archive id of the newest message its stream handled, see
 * gateway/xmpp/archive-catch-up.ts) kept in the store (`chatArchiveMarks/<user>`), so a stream
 * reopened after a restart (embedded store) or taken over by another instance (shared) catches
 * up from the archive where the last one stopped. The session pool writes it throttled and
 * drops it when the user logs off or the stream ends for good.
 */
import type { Store } from '../store/index.js';
import type { ArchiveMarks } from '../xmpp/index.js';

export const ARCHIVE_MARKS = 'chatArchiveMarks';

export function createStoreArchiveMarks(store: Store): ArchiveMarks {
  const records = store.collection<{ id: string }>(ARCHIVE_MARKS);
  return {
    load: async (username) => (await records.get(username))?.id,
    save: (username, id) => records.put(username, { id }),
    drop: async (username) => {
      await records.delete(username);
    },
  };
}
