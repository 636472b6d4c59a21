/** get_room_affiliations rows → RoomAffiliation (bare JID from username + domain). */
import type { RoomAffiliation } from '../ejabberd-backend.js';

export interface AffiliationRow {
  readonly username: string;
  readonly domain: string;
  readonly affiliation: string;
}

const AFFILIATIONS: ReadonlySet<string> = new Set<RoomAffiliation['affiliation']>(['owner', 'admin', 'member', 'outcast', 'none']);

export function toRoomAffiliations(rows: readonly AffiliationRow[]): RoomAffiliation[] {
  return rows
    .filter((r) => AFFILIATIONS.has(r.affiliation))
    .map((r) => ({ jid: r.username === '' ? r.domain : `${r.username}@${r.domain}`, affiliation: r.affiliation as RoomAffiliation['affiliation'] }));
}
