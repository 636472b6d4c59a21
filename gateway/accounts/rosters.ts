/**
 * Users' rosters (users/{username}/roster). get_roster already merges shared roster group
 * contacts in (see shared-contacts.ts for how they are told apart): they are listed, but a
 * contact that comes only from a shared group cannot be updated, and a contact that comes
 * from one cannot be deleted (the group would bring it back) — 400 SharedGroupException, as
 * Openfire's Roster.deleteRosterItem / RosterItem.setGroups refuse them. `groups` shows the
 * personal groups only (Openfire's RosterItem.getGroups()).
 * References: REST API plugin UserServiceController add/update/deleteRosterItem,
 * UserRosterService; ejabberd 23.01 mod_admin_extra add_rosteritem/7.
 */
import type { RosterEntry } from '../ejabberd/index.js';
import { illegalArgument, rosterItemNotFound, sharedGroupItem, userAlreadyExists, userNotFound } from './account-errors.js';
import type { AccountContext } from './account-context.js';
import { toContactJid } from './account-names.js';
import { loadGroupDirectory } from './group-directory.js';
import { subscriptionFromInt, subscriptionToInt } from './roster-subscription.js';
import { classifyRosterEntry, sharedContactsOf, type RosterEntryKind } from './shared-contacts.js';

export interface RosterItemRecord {
  readonly jid: string;
  readonly nickname?: string | undefined;
  /** -1 remove, 0 none, 1 to, 2 from, 3 both */
  readonly subscriptionType: number;
  readonly groups: string[];
}

/** A roster item body; absent fields are not given. */
export interface RosterItemInput {
  readonly jid?: string | undefined;
  readonly nickname?: string | undefined;
  readonly subscriptionType?: number | undefined;
  readonly groups?: readonly string[] | undefined;
}

export interface Rosters {
  list(username: string): Promise<RosterItemRecord[]>;
  add(username: string, item: RosterItemInput): Promise<void>;
  /** Changes the fields that are given; subscriptionType -1 removes the item. */
  update(username: string, jid: string, item: RosterItemInput): Promise<void>;
  delete(username: string, jid: string): Promise<void>;
}

interface Classified extends RosterEntryKind {
  readonly entry: RosterEntry;
  readonly sharedLabels: readonly string[];
}

export function createRosters(ctx: AccountContext): Rosters {
  const { backend } = ctx;

  const classified = async (user: string): Promise<Classified[]> => {
    const [roster, directory] = await Promise.all([backend.getRoster(user), loadGroupDirectory(backend)]);
    const shared = sharedContactsOf(ctx.jidOf(user), directory);
    return roster.map((entry) => {
      const sharedLabels = shared.get(entry.jid.toLowerCase()) ?? [];
      return { entry, sharedLabels, ...classifyRosterEntry(entry, sharedLabels) };
    });
  };

  // the plugin's UserUtils.checkSubType answers an unknown type with UserAlreadyExistsException (409);
  // unlike the plugin, nothing is created or changed first
  const subscription = (n: number, jid: string) => {
    const s = subscriptionFromInt(n);
    if (s === undefined) throw userAlreadyExists('', `Unknown subscriptionType ${n} for ${jid} (expected -1, 0, 1, 2 or 3)`);
    return s;
  };

  return {
    async list(username) {
      const user = await ctx.requireUser(username, 'Could not get user roster');
      return (await classified(user)).map(({ entry, personalGroups }) => ({
        jid: entry.jid,
        nickname: entry.nick === '' ? undefined : entry.nick,
        subscriptionType: subscriptionToInt(entry.subscription),
        groups: personalGroups,
      }));
    },

    async add(username, item) {
      const user = await ctx.requireUser(username, 'Could not create roster item');
      if (item.jid === undefined || item.jid.trim() === '') throw illegalArgument('JID is null', 'JID');
      const jid = toContactJid(item.jid);
      if (jid === undefined) throw illegalArgument(`Not a JID: ${item.jid}`, item.jid);
      const subs = subscription(item.subscriptionType ?? 0, jid);
      if (subs === 'remove') throw illegalArgument('subscriptionType -1 (remove) cannot create a roster item', jid);
      if ((await backend.getRoster(user)).some((e) => e.jid.toLowerCase() === jid)) throw userAlreadyExists('', 'Could not create roster item');
      await backend.setRosterItem(user, { jid, nick: item.nickname ?? '', groups: item.groups ?? [], subscription: subs });
    },

    async update(username, rawJid, item) {
      const user = await ctx.requireUser(username, 'Could not update the roster');
      const jid = toContactJid(rawJid) ?? rawJid;
      const found = (await classified(user)).find((c) => c.entry.jid.toLowerCase() === jid);
      if (!found) throw userNotFound(rawJid, 'Could not update the roster'); // the plugin's UserRosterService.updateRoster
      if (found.onlyShared) throw sharedGroupItem(rawJid, 'Could not update the roster: the contact comes from a shared group');
      // for a contact that is also shared, get_roster reports `both` (mod_shared_roster's merge),
      // so an update without subscriptionType stores `both` on the personal item as well
      const subs = item.subscriptionType === undefined ? found.entry.subscription : subscription(item.subscriptionType, jid);
      // the contact's shared group labels are not personal groups: dropped, not stored
      const groups = (item.groups ?? found.personalGroups).filter((g) => !found.sharedLabels.includes(g));
      await backend.setRosterItem(user, { jid: found.entry.jid, nick: item.nickname ?? found.entry.nick, groups, subscription: subs });
    },

    async delete(username, rawJid) {
      const user = await ctx.requireUser(username);
      const jid = toContactJid(rawJid) ?? rawJid;
      const found = (await classified(user)).find((c) => c.entry.jid.toLowerCase() === jid);
      if (!found) throw rosterItemNotFound(rawJid, 'Roster Item could not deleted');
      if (found.shared) throw sharedGroupItem(rawJid, 'Could not delete the roster item: the contact comes from a shared group');
      await backend.deleteRosterItem(user, found.entry.jid);
    },
  };
}
