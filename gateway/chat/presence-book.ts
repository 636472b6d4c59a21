/**
 * The contacts' presences a user's stream has received, per resource, so `GET contacts` can
 * show live `show`/`status` (ofchat read them from Smack's Roster). The newest available
 * resource wins; no presence (or only unavailable ones) reads as `unavailable`.
 * References: RFC 6121 §4.4 (presence broadcast), §4.7.2; ofchat-api.md §5.7 (contacts).
 */
import type { InboundStanza } from '../xmpp/index.js';
import { bareOf, resourceOf } from '../jid/index.js';

export interface LivePresence {
  /** available, away, chat, dnd, xa — or unavailable. */
  readonly show: string;
  readonly status: string | null;
}

export interface PresenceBook {
  record(s: InboundStanza): void;
  of(bareJid: string): LivePresence;
  clear(): void;
}

export function createPresenceBook(): PresenceBook {
  const contacts = new Map<string, Map<string, LivePresence>>();
  return {
    record(s) {
      if (s.name !== 'presence' || !s.from) return;
      const bare = bareOf(s.from);
      const resource = resourceOf(s.from); // resources are case-sensitive
      if (s.type === 'available') {
        const resources = contacts.get(bare) ?? new Map<string, LivePresence>();
        resources.delete(resource); // re-insert: the newest comes last
        resources.set(resource, { show: s.show ?? 'available', status: s.status });
        contacts.set(bare, resources);
      } else if (s.type === 'unavailable') {
        const resources = contacts.get(bare);
        resources?.delete(resource);
        if (resource === '' || resources?.size === 0) contacts.delete(bare);
      }
    },
    of(bareJid) {
      const resources = contacts.get(bareJid.toLowerCase());
      const newest = resources ? [...resources.values()].at(-1) : undefined;
      return newest ?? { show: 'unavailable', status: null };
    },
    clear: () => contacts.clear(),
  };
}
