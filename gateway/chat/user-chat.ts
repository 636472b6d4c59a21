/**
 * What ofgate remembers about a logged-in user's chat beyond the XMPP stream itself: the
 * presence the user last set and the rooms joined (both restored after a reconnect that could
 * not resume the session), and the contacts' live presences.
 */
import type { PresenceMode } from '../xmpp/index.js';
import { createPresenceBook, type PresenceBook } from './presence-book.js';

export interface UserChat {
  presence: { mode: PresenceMode; status?: string | undefined };
  /** Room JID → nick. */
  readonly rooms: Map<string, string>;
  readonly book: PresenceBook;
}

export function createUserChat(): UserChat {
  return { presence: { mode: 'available' }, rooms: new Map(), book: createPresenceBook() };
}
