/**
 * Shared roster groups (mod_shared_roster). srg_create overwrites an existing group and
 * srg_delete / srg_user_add / srg_user_del answer success for unknown groups, so existence
 * is checked first (srg_get_info answers [] for an unknown group).
 * References: mod_admin_extra (23.01) srg_create/5, srg_get_info/2, srg_user_add/4; notes §5, §10 pitfall 8.
 */
import { GatewayError } from '../../errors/index.js';
import type { EjabberdBackend, SharedGroupInfo } from '../ejabberd-backend.js';
import { formatDisplayedGroups, parseSharedGroupInfo } from '../results/shared-group-info.js';
import { splitJid } from '../../jid/index.js';
import { invalid, notFound, type OperationContext } from './operation-context.js';

export type SharedGroupOperations = Pick<
  EjabberdBackend,
  | 'listSharedGroups'
  | 'getSharedGroup'
  | 'createSharedGroup'
  | 'updateSharedGroup'
  | 'deleteSharedGroup'
  | 'getSharedGroupMembers'
  | 'addSharedGroupMember'
  | 'removeSharedGroupMember'
>;

export function sharedGroupOperations({ call, run, host }: OperationContext): SharedGroupOperations {
  // ejabberd reads `name@host` as the group `name` of another host (and fails on one it does not
  // serve): a name with an @ is no group of this host.
  const getSharedGroup = async (group: string) => (group.includes('@') ? undefined : parseSharedGroupInfo(group, await call('srg_get_info', { group, host })));
  const requireGroup = async (group: string) => {
    if (!(await getSharedGroup(group))) throw notFound('group', group);
  };
  const write = async (info: SharedGroupInfo) => {
    const display = formatDisplayedGroups(info.displayed);
    if (display === undefined) throw invalid('displayed group names must be non-empty and free of line breaks and "\\n"', info.name);
    await run('srg_create', { group: info.name, host, label: info.label, description: info.description, display });
  };
  const member = (group: string, jid: string) => {
    const { local, domain } = splitJid(jid);
    return { user: local, host: domain, group, grouphost: host };
  };

  return {
    listSharedGroups: () => call('srg_list', { host }),
    getSharedGroup,

    async createSharedGroup(info) {
      if (info.name.trim() === '') throw invalid('group name is empty', info.name);
      if (await getSharedGroup(info.name)) {
        throw new GatewayError('conflict', `group already exists: ${info.name}`, { resource: info.name, exception: 'GroupAlreadyExistsException' });
      }
      await write(info);
    },

    async updateSharedGroup(info) {
      await requireGroup(info.name);
      await write(info);
    },

    async deleteSharedGroup(group) {
      await requireGroup(group);
      await run('srg_delete', { group, host });
    },

    getSharedGroupMembers: (group) => call('srg_get_members', { group, host }),

    async addSharedGroupMember(group, jid) {
      await requireGroup(group);
      await run('srg_user_add', member(group, jid));
    },

    async removeSharedGroupMember(group, jid) {
      await requireGroup(group);
      await run('srg_user_del', member(group, jid));
    },
  };
}
