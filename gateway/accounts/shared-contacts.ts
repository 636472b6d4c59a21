/**
 * Which roster entries come from shared roster groups, worked out the way mod_shared_roster
 * builds them. In ejabberd 23.01 get_roster runs the roster_get hook, so its answer already
 * holds mod_shared_roster:get_user_roster/2's merge:
 * - for every group the user is a member of, each of its displayed_groups D (that exists) adds
 *   D's members (not the user) under D's label (the group id when the label is unset);
 * - a contact that is also a personal item keeps its personal nick, gets subscription `both`
 *   and the labels appended to its personal groups;
 * - a contact that is not a personal item is added with subscription `both`, the labels as its
 *   only groups and the contact's vCard NICKNAME/FN as nick.
 * So get_roster cannot tell a shared-only contact from a personal item without groups. Openfire
 * draws the same line (RosterItem.isOnlyShared(): shared, and no personal group), and so does
 * classifyRosterEntry: personal groups are the entry's groups minus the shared labels.
 * Members of wildcard groups (@all@, @online@) are not listed by srg_get_members and are not
 * seen here.
 * References: ejabberd 23.01 mod_shared_roster get_user_roster/2, get_user_displayed_groups/1,
 * mod_admin_extra get_roster/2; Openfire RosterItem.isOnlyShared(), getGroups().
 */
import type { RosterEntry, SharedGroupInfo } from '../ejabberd/index.js';

export interface GroupSnapshot {
  readonly info: SharedGroupInfo;
  /** Bare JIDs. */
  readonly members: readonly string[];
}

export type GroupDirectory = ReadonlyMap<string, GroupSnapshot>;

/** The label under which members of `group` appear in rosters (mod_shared_roster's default: the id). */
export function rosterLabel(info: SharedGroupInfo): string {
  return info.label === '' ? info.name : info.label;
}

/** Contact bare JID → the shared labels under which `userJid` sees it. */
export function sharedContactsOf(userJid: string, groups: GroupDirectory): Map<string, string[]> {
  const displayed = new Set<string>();
  for (const g of groups.values()) {
    if (g.members.includes(userJid)) for (const d of g.info.displayed) displayed.add(d);
  }
  const contacts = new Map<string, string[]>();
  for (const name of displayed) {
    const shown = groups.get(name);
    if (!shown) continue;
    const label = rosterLabel(shown.info);
    for (const member of shown.members) {
      if (member === userJid) continue;
      const labels = contacts.get(member) ?? [];
      if (!labels.includes(label)) labels.push(label);
      contacts.set(member, labels);
    }
  }
  return contacts;
}

export interface RosterEntryKind {
  /** The entry's groups without the shared labels (Openfire's RosterItem.getGroups()). */
  readonly personalGroups: string[];
  /** The contact reaches the user through a shared group. */
  readonly shared: boolean;
  /** Shared, and nothing personal is left: it cannot be edited or deleted. */
  readonly onlyShared: boolean;
}

export function classifyRosterEntry(entry: RosterEntry, sharedLabels: readonly string[] | undefined): RosterEntryKind {
  const labels = sharedLabels ?? [];
  const personalGroups = entry.groups.filter((g) => !labels.includes(g));
  const shared = labels.length > 0;
  return { personalGroups, shared, onlyShared: shared && personalGroups.length === 0 };
}
