/**
 * What the chat API's user directory (`GET chat/users`) shows to whom, decided once here.
 * ofchat showed every caller every account's email and properties and searched property
 * values; ofgate promises that a user acts for itself, so:
 * - admins and the shared secret see every field and search user names and property values
 *   (ofchat's directory, unchanged);
 * - any other user sees every account's user name and name (what ofchat's clients show), the
 *   email only when `chat.directoryShowsEmail` is on, never another user's properties; its own
 *   record is shown whole; its search matches user names only, so a property value cannot be
 *   found (nor guessed) through the search.
 * Pure: the route reads the accounts and the properties.
 * References: ofchat-api.md §5.7 (GET chat/users); docs/security.md (user directory).
 */
import type { UserRecord } from '../accounts/index.js';
import { isAdmin, type Principal } from '../auth/index.js';

export interface DirectoryPolicy {
  /** config chat.directoryShowsEmail: non-admins see other accounts' emails. */
  readonly showsEmail: boolean;
}

/** May this caller's search term match user property values (not only user names)? */
export function searchesPropertyValues(viewer: Principal): boolean {
  return isAdmin(viewer);
}

/** `user` as `viewer` may see it in the directory. */
export function directoryEntry(viewer: Principal, user: UserRecord, policy: DirectoryPolicy): UserRecord {
  if (isAdmin(viewer)) return user;
  if (viewer.kind === 'user' && viewer.username === user.username) return user;
  return {
    username: user.username,
    name: user.name,
    email: policy.showsEmail ? user.email : undefined,
    properties: [],
  };
}
