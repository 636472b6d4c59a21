/**
 * Groups as Openfire's REST API shows them, on ejabberd shared roster groups. Openfire's
 * display name becomes the srg label (the group name, as Openfire's createGroup sets it);
 * `shared` (Openfire's sharedRoster.showInRoster "onlyGroup" vs "nobody") is whether the group
 * displays itself, so its members see each other. Admins are kept by ofgate and are members
 * in ejabberd; the entity lists them under admins only, as Openfire keeps the two apart.
 * An update replaces what the body gives and keeps what it leaves out (null or absent means
 * "not given" for existing clients); Openfire's own update would reset absent lists.
 * References: REST API plugin GroupController; ejabberd 23.01 mod_shared_roster.
 */
import { groupAlreadyExists, groupNotFound, illegalArgument } from './account-errors.js';
import type { AccountContext } from './account-context.js';
import { loadGroupDirectory } from './group-directory.js';
import { isValidGroupName, memberJids } from './group-names.js';
import type { GroupSnapshot } from './shared-contacts.js';

export interface GroupRecord {
  readonly name: string;
  readonly description: string;
  readonly shared: boolean;
  /** Bare JIDs. */
  readonly admins: string[];
  /** Bare JIDs, admins excluded. */
  readonly members: string[];
}

export interface GroupInput {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly shared?: boolean | undefined;
  readonly admins?: readonly string[] | undefined;
  readonly members?: readonly string[] | undefined;
}

export interface Groups {
  list(): Promise<GroupRecord[]>;
  get(name: string): Promise<GroupRecord>;
  create(input: GroupInput): Promise<void>;
  /**
   * Replaces each of description, shared, members and admins that the body gives (an empty
   * list empties it); absent or null fields keep their value.
   */
  update(name: string, input: GroupInput): Promise<void>;
  delete(name: string): Promise<void>;
}

export function createGroups(ctx: AccountContext): Groups {
  const { backend, admins } = ctx;
  const host = backend.host;

  const record = async (name: string, g: GroupSnapshot): Promise<GroupRecord> => {
    const groupAdmins = (await admins.get(name)).filter((a) => g.members.includes(a));
    return {
      name,
      description: g.info.description,
      shared: g.info.displayed.includes(name),
      admins: groupAdmins,
      members: g.members.filter((m) => !groupAdmins.includes(m)),
    };
  };

  /** Makes the srg members exactly `wanted`. */
  const syncMembers = async (name: string, current: readonly string[], wanted: readonly string[]) => {
    for (const jid of wanted) if (!current.includes(jid)) await backend.addSharedGroupMember(name, jid);
    for (const jid of current) if (!wanted.includes(jid)) await backend.removeSharedGroupMember(name, jid);
  };

  return {
    async list() {
      const directory = await loadGroupDirectory(backend);
      const names = [...directory.keys()].sort();
      return Promise.all(names.map((n) => record(n, directory.get(n) as GroupSnapshot)));
    },

    async get(name) {
      const info = await backend.getSharedGroup(name);
      if (!info) throw groupNotFound(name);
      return record(name, { info, members: (await backend.getSharedGroupMembers(name)).map((m) => m.toLowerCase()) });
    },

    async create(input) {
      const name = input.name ?? '';
      if (name.trim() === '') throw illegalArgument('Could not create new group', 'groups');
      if (!isValidGroupName(name)) throw illegalArgument('Could not create new group: a group name has 1 to 255 characters, without line breaks, "\\n" or "@"', name);
      const members = memberJids(input.members, host, name, 'member');
      const groupAdmins = memberJids(input.admins, host, name, 'admin');
      if (await backend.getSharedGroup(name)) throw groupAlreadyExists(name);
      await backend.createSharedGroup({ name, label: name, description: input.description ?? '', displayed: input.shared ? [name] : [] });
      await syncMembers(name, [], [...new Set([...members, ...groupAdmins])]);
      await admins.put(name, groupAdmins);
    },

    async update(name, input) {
      if (input.name === undefined || input.name === '') throw illegalArgument('Could not update the group: the body has no name', name);
      if (input.name !== name) {
        throw illegalArgument('Could not update the group. The group name is different to the payload group name.', `${name} != ${input.name}`);
      }
      const members = input.members === undefined ? undefined : memberJids(input.members, host, name, 'member');
      const groupAdmins = input.admins === undefined ? undefined : memberJids(input.admins, host, name, 'admin');
      const info = await backend.getSharedGroup(name);
      if (!info) throw groupNotFound(name);
      const shared = input.shared ?? info.displayed.includes(name);
      const others = info.displayed.filter((d) => d !== name);
      await backend.updateSharedGroup({ ...info, description: input.description ?? info.description, displayed: shared ? [...others, name] : others });
      const current = (await backend.getSharedGroupMembers(name)).map((m) => m.toLowerCase());
      const currentAdmins = (await admins.get(name)).filter((a) => current.includes(a));
      const wantedAdmins = groupAdmins ?? currentAdmins;
      const wantedMembers = members ?? current.filter((m) => !currentAdmins.includes(m));
      await syncMembers(name, current, [...new Set([...wantedMembers, ...wantedAdmins])]);
      await admins.put(name, wantedAdmins);
    },

    async delete(name) {
      if (!(await backend.getSharedGroup(name))) throw groupNotFound(name);
      await backend.deleteSharedGroup(name);
      await admins.delete(name);
    },
  };
}
