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

/**
 * A flat copy of a string that may be a slice of a larger one: the JIDs and status of a received
 * stanza are slices of its whole text, which a kept slice holds alive. Property keys are
 * internalized (one copy per distinct string, shared by every book that keeps it).
 */
function ownCopy(s: string): string {
  return Object.keys({ [s]: 0 })[0] as string;
}

/** One per logged-in user: methods on the prototype, the map made at the first available presence. */
class Book implements PresenceBook {
  private contacts: Map<string, Map<string, LivePresence>> | undefined = undefined;

  record(s: InboundStanza): void {
    if (s.name !== 'presence' || !s.from) return;
    const bare = bareOf(s.from);
    const resource = resourceOf(s.from); // resources are case-sensitive
    if (s.type === 'available') {
      const contacts = (this.contacts ??= new Map());
      const resources = contacts.get(bare) ?? new Map<string, LivePresence>();
      resources.delete(resource); // re-insert: the newest comes last
      resources.set(ownCopy(resource), { show: s.show ?? 'available', status: s.status === null ? null : ownCopy(s.status) });
      if (!contacts.has(bare)) contacts.set(ownCopy(bare), resources);
    } else if (s.type === 'unavailable') {
      const resources = this.contacts?.get(bare);
      resources?.delete(resource);
      if (resource === '' || resources?.size === 0) this.contacts?.delete(bare);
    }
  }

  of(bareJid: string): LivePresence {
    const resources = this.contacts?.get(bareJid.toLowerCase());
    const newest = resources ? [...resources.values()].at(-1) : undefined;
    return newest ?? { show: 'unavailable', status: null };
  }

  clear(): void {
    this.contacts = undefined;
  }
}

export function createPresenceBook(): PresenceBook {
  return new Book();
}
