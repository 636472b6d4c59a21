/**
 * Which local account a room stream acts as. ejabberd lets only members (and above) read a
 * members-only room's archive, and only moderators (owners, admins) change a subject unless
 * occupants may: the configured admin is used when the room lets it in, otherwise a local
 * account already holding the needed affiliation.
 * References: mod_mam:may_enter_room/2, mod_muc_room:is_occupant_or_admin/2,
 * can_change_subject/3 (23.01).
 */
import type { RoomAffiliation } from '../ejabberd/index.js';
import { bare } from '../jid/index.js';

export type ActorPurpose = 'read' | 'moderate';

export function chooseActor(
  purpose: ActorPurpose,
  options: Readonly<Record<string, string>>,
  affiliations: readonly RoomAffiliation[],
  domain: string,
  adminUser: string,
): string | undefined {
  const local = (kinds: readonly RoomAffiliation['affiliation'][]): string[] =>
    affiliations.filter((a) => kinds.includes(a.affiliation) && a.jid.endsWith(`@${domain}`)).map((a) => a.jid.slice(0, -domain.length - 1));
  const kinds: RoomAffiliation['affiliation'][] = purpose === 'read' ? ['owner', 'admin', 'member'] : ['owner', 'admin'];
  const candidates = local(kinds);
  if (candidates.includes(adminUser)) return adminUser;
  const adminAffiliation = affiliations.find((a) => a.jid === bare({ local: adminUser, domain }))?.affiliation ?? 'none';
  const openToAdmin = options.members_only !== 'true' && adminAffiliation !== 'outcast';
  if (purpose === 'read' && openToAdmin) return adminUser;
  if (purpose === 'moderate' && openToAdmin && options.allow_change_subj === 'true') return adminUser;
  return candidates[0];
}
