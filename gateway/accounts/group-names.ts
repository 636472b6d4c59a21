/**
 * Group names and members as Openfire's group endpoints take them. A group name is the
 * ejabberd shared roster group id, kept as given (ejabberd does not case-fold it); it cannot
 * hold a control character or the two characters `\n`, which srg_create uses to separate the
 * groups a group displays, nor an `@` (ejabberd reads `name@host` as another host's group), and it has at most MAX_GROUP_NAME characters: ejabberd sets no
 * bound, Openfire's ofGroup.groupName holds 50, and a name much longer than this could not be
 * named in a URL again (a request line over ~16 KB is a 431), so never deleted.
 */
import { illegalArgument } from './account-errors.js';
import { toBareJid } from './account-names.js';

const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f@]|\\n/u;

export const MAX_GROUP_NAME = 255;

export function isValidGroupName(name: string): boolean {
  return name.trim() !== '' && name.length <= MAX_GROUP_NAME * 2 && [...name].length <= MAX_GROUP_NAME && !FORBIDDEN_IN_NAME.test(name);
}

/** Members or admins (user names or JIDs) as bare JIDs; 400 for a value that is not a JID. */
export function memberJids(values: readonly string[] | undefined, host: string, group: string, what: 'member' | 'admin'): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const jid = toBareJid(v, host);
    if (jid === undefined) throw illegalArgument(`Cannot parse a ${what} value as a JID: ${v}`, group);
    if (!out.includes(jid)) out.push(jid);
  }
  return out;
}
