/**
 * A user's shared roster group memberships (users/{username}/groups). As in Openfire, adding
 * a user to a group that does not exist creates it (not shared, label = name); removing from
 * an unknown group is GroupNotFoundException. Member JIDs are `user@host`.
 * References: REST API plugin UserServiceController addUserToGroups, deleteUserFromGroups,
 * getUserGroups; UserServiceLegacyController.updateUser (the `groups` list of the userservice).
 */
import { groupNotFound, illegalArgument } from './account-errors.js';
import type { AccountContext } from './account-context.js';
import { groupsOfMember, loadGroupDirectory } from './group-directory.js';
import { isValidGroupName } from './group-names.js';

export interface UserGroups {
  /** Names of the groups the user is a member of. */
  of(username: string): Promise<string[]>;
  add(username: string, groups: readonly string[]): Promise<void>;
  remove(username: string, groups: readonly string[]): Promise<void>;
  /** Makes the user's memberships exactly `groups` (creating missing ones). */
  set(username: string, groups: readonly string[]): Promise<void>;
}

export function createUserGroups(ctx: AccountContext): UserGroups {
  const { backend } = ctx;

  const ensureGroups = async (groups: readonly string[]) => {
    for (const name of groups) {
      if (!isValidGroupName(name)) throw illegalArgument('A group name has 1 to 255 characters, without line breaks, "\\n" or "@"', name);
    }
    for (const name of new Set(groups)) {
      if (!(await backend.getSharedGroup(name))) await backend.createSharedGroup({ name, label: name, description: '', displayed: [] });
    }
  };

  const removeFrom = async (jid: string, groups: Iterable<string>) => {
    for (const name of groups) {
      await backend.removeSharedGroupMember(name, jid);
      await ctx.admins.forget(jid, name);
    }
  };

  return {
    async of(username) {
      const user = await ctx.requireUser(username);
      return groupsOfMember(await loadGroupDirectory(backend), ctx.jidOf(user));
    },

    async add(username, groups) {
      const jid = ctx.jidOf(await ctx.requireUser(username));
      await ensureGroups(groups);
      for (const name of new Set(groups)) await backend.addSharedGroupMember(name, jid);
    },

    async remove(username, groups) {
      const jid = ctx.jidOf(await ctx.requireUser(username));
      for (const name of new Set(groups)) if (!(await backend.getSharedGroup(name))) throw groupNotFound(name);
      await removeFrom(jid, new Set(groups));
    },

    async set(username, groups) {
      const jid = ctx.jidOf(await ctx.requireUser(username));
      await ensureGroups(groups);
      const current = groupsOfMember(await loadGroupDirectory(backend), jid);
      for (const name of new Set(groups)) if (!current.includes(name)) await backend.addSharedGroupMember(name, jid);
      await removeFrom(jid, current.filter((g) => !groups.includes(g)));
    },
  };
}
