/**
 * Shows a member the admin bookmarks that apply to it, on its own stream (brief, password-less):
 * XEP-0048 private storage (every client of ejabberd 23.01 reads it; with mod_pubsub loaded,
 * ejabberd's mod_private also publishes it to the PEP node storage:bookmarks, which notifies
 * the member's online clients) and XEP-0402 items (one per room).
 * Rules kept: the member's own bookmarks are never touched (only entries ofgate wrote before, or
 * writes now, are replaced); what was written is remembered per member in the store; a missing
 * PEP service (no mod_pubsub) skips the XEP-0402 part and is logged once, the storage part
 * still counts as the push.
 * References: ejabberd 23.01 src/mod_private.erl (set_data → publish_data); XEP-0048, XEP-0402.
 */
import { isGatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { BriefStreams } from '../member-streams/index.js';
import type { Store } from '../store/index.js';
import { conferenceItem, mergeStorage, type BookmarkRecord } from './bookmark-model.js';
import { getStorageIq, publishIq, retractIq, setStorageIq, storageEntries } from './bookmark-stanzas.js';

/** What ofgate last wrote for a member. */
interface Pushed {
  readonly storage: readonly string[];
  readonly pep: readonly string[];
}

export interface BookmarkPusher {
  /** Makes `user`'s bookmarks show exactly `current` of ofgate's (its own kept). */
  push(user: string, current: readonly BookmarkRecord[]): Promise<void>;
}

export function createBookmarkPusher(d: { streams: BriefStreams; store: Store; log: Logger }): BookmarkPusher {
  const pushed = d.store.collection<Pushed>('bookmarkPushes');
  let pepMissingLogged = false;
  const pepMissing = (err: unknown): boolean => {
    const absent = isGatewayError(err) && (err.kind === 'not-implemented' || err.kind === 'upstream-unavailable' || /service-unavailable|feature-not-implemented|item-not-found/.test(err.message));
    if (absent && !pepMissingLogged) {
      pepMissingLogged = true;
      d.log.warn('bookmarks: ejabberd refused an XEP-0402 publish (mod_pubsub not loaded?); members get XEP-0048 private storage only', { error: err as Error });
    }
    return absent;
  };

  return {
    async push(user, current) {
      const before = (await pushed.get(user)) ?? { storage: [], pep: [] };
      const rooms = current.filter((b) => b.type === 'group_chat');
      const written = await d.streams.withStream(user, async (stream) => {
        const answer = await stream.request(getStorageIq(), 'bookmarks: read private storage');
        const merged = mergeStorage(storageEntries(answer), new Set(before.storage), current);
        await stream.request(setStorageIq(merged.children), 'bookmarks: write private storage');
        let pep: string[] = [...before.pep];
        try {
          for (const b of rooms) await stream.request(publishIq(b.value, conferenceItem(b)), 'bookmarks: publish XEP-0402 item');
          const now = new Set(rooms.map((b) => b.value));
          for (const room of before.pep.filter((r) => !now.has(r))) {
            await stream.request(retractIq(room), 'bookmarks: retract XEP-0402 item').catch((err: unknown) => {
              if (!(isGatewayError(err) && /item-not-found/.test(err.message))) throw err;
            });
          }
          pep = [...now];
        } catch (err) {
          if (!pepMissing(err)) throw err;
        }
        return { storage: merged.written, pep };
      });
      await pushed.put(user, written);
    },
  };
}
