/**
 * The REST API plugin's PUT and POST on a room's owners/admins/members/outcasts list: given
 * the room's affiliations (individual JIDs and groups) and a list for one kind, the new
 * affiliations. Pure. Rules:
 * - add: each JID (or group) named gets `kind`, whatever it held before (one affiliation per
 *   entity, as in a MUC room); nothing else changes;
 * - replace: as add, and every JID (or group) holding `kind` that is not named loses it;
 * - a name given twice counts once; `added` lists those that did not hold `kind` before (the
 *   ones to invite with sendInvitations).
 * References: Openfire REST API plugin MUCRoomController.replaceAffiliatedUsers, addAffiliatedUsers.
 */
import { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists } from './room-settings.js';

export interface AffiliationState {
  readonly jids: AffiliationLists;
  readonly groups: AffiliationLists;
}

export interface CollectionChange {
  readonly jids: AffiliationLists;
  readonly groups: AffiliationLists;
  readonly addedJids: readonly string[];
  readonly addedGroups: readonly string[];
}

function withKind(lists: AffiliationLists, kind: AffiliationKind, named: readonly string[], replace: boolean): { lists: AffiliationLists; added: string[] } {
  const wanted = new Set(named);
  const out = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
  for (const k of AFFILIATION_KINDS) {
    for (const x of lists[k]) {
      if (wanted.has(x)) continue; // moves to `kind` (or stays there)
      if (k === kind && replace) continue; // not named: loses `kind`
      out[k].push(x);
    }
  }
  const before = new Set(lists[kind]);
  out[kind].push(...wanted);
  for (const k of AFFILIATION_KINDS) out[k].sort();
  return { lists: out, added: [...wanted].filter((x) => !before.has(x)).sort() };
}

export function changeCollection(
  state: AffiliationState,
  kind: AffiliationKind,
  named: { readonly jids: readonly string[]; readonly groups: readonly string[] },
  mode: 'add' | 'replace',
): CollectionChange {
  const jids = withKind(state.jids, kind, named.jids, mode === 'replace');
  const groups = withKind(state.groups, kind, named.groups, mode === 'replace');
  return { jids: jids.lists, groups: groups.lists, addedJids: jids.added, addedGroups: groups.added };
}
