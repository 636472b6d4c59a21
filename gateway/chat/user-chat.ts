/**
 * What ofgate remembers about a logged-in user's chat beyond the XMPP stream itself: the
 * contacts' live presences. The user's own presence and joined rooms are the session's
 * membership (xmpp/membership.ts), which the stream layer restores after a reconnect.
 */
import { createPresenceBook, type PresenceBook } from './presence-book.js';

export interface UserChat {
  readonly book: PresenceBook;
}

export function createUserChat(): UserChat {
  return { book: createPresenceBook() };
}
