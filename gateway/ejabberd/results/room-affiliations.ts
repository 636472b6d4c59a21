/** get_room_affiliations rows → RoomAffiliation (bare JID from username + domain). */
import type { RoomAffiliation } from '../ejabberd-backend.js';
import { bare } from '../../jid/index.js';

export interface AffiliationRow {
  readonly username: string;
  readonly domain: string;
  readonly affiliation: string;
}

const AFFILIATIONS: ReadonlySet<string> = new Set<RoomAffiliation['affiliation']>(['owner', 'admin', 'member', 'outcast', 'none']);

export function toRoomAffiliations(rows: readonly AffiliationRow[]): RoomAffiliation[] {
  return rows
    .filter((r) => AFFILIATIONS.has(r.affiliation))
    .map((r) => ({ jid: bare({ local: r.username, domain: r.domain }), affiliation: r.affiliation as RoomAffiliation['affiliation'] }));
}
