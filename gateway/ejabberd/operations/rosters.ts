/**
 * Rosters. add_rosteritem replaces the item's groups in 23.01 (checked: re-adding with "G3"
 * after "G1;G2" leaves only G3), so one call both adds and updates. Its `group` argument is
 * split on ';', so a group name cannot contain one.
 * References: mod_admin_extra (23.01) add_rosteritem/7, delete_rosteritem/4, get_roster/2; notes §5.
 */
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { mergeRosterRows } from '../results/roster-rows.js';
import { splitJid } from '../../jid/index.js';
import { invalid, type OperationContext } from './operation-context.js';

export type RosterOperations = Pick<EjabberdBackend, 'getRoster' | 'setRosterItem' | 'deleteRosterItem'>;

const GROUP_SEPARATOR = ';';

export function rosterOperations({ call, run, host }: OperationContext): RosterOperations {
  const deleteRosterItem = async (user: string, jid: string) => {
    const contact = splitJid(jid);
    await run('delete_rosteritem', { localuser: user, localhost: host, user: contact.local, host: contact.domain });
  };

  return {
    getRoster: async (user) => mergeRosterRows(await call('get_roster', { user, host })),

    async setRosterItem(user, item) {
      if (item.subscription === 'remove') return deleteRosterItem(user, item.jid);
      if (item.groups.some((g) => g.includes(GROUP_SEPARATOR))) throw invalid(`roster group names cannot contain '${GROUP_SEPARATOR}'`, user);
      const contact = splitJid(item.jid);
      await run('add_rosteritem', {
        localuser: user,
        localhost: host,
        user: contact.local,
        host: contact.domain,
        nick: item.nick,
        group: item.groups.join(GROUP_SEPARATOR),
        subs: item.subscription,
      });
    },

    deleteRosterItem,
  };
}
