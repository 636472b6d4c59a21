/**
 * Group affiliations kept by ofgate, applied to ejabberd (which knows only JIDs) without
 * downgrading anyone. Pure: given each JID's own affiliation and the groups holding an
 * affiliation (with their current members), it says what ejabberd must hold.
 * Rules:
 * - a JID's own (individual) affiliation is never lowered by a group: an owner who is also in
 *   a members group stays owner; a group only raises (owner > admin > member > outcast > none);
 * - an outcast group bans only members with no affiliation of their own;
 * - grants are applied before removals, owners first, so a room never passes through a state
 *   without an owner;
 * - "raised" remembers the own affiliation of every JID whose ejabberd affiliation came from a
 *   group, so removing the group (or the JID's own affiliation) gives back what it had.
 * References: Openfire REST API plugin MUCRoomController.addAffiliatedUsers (a group JID is one
 * affiliation; members' own affiliations are untouched), convertToMUCRoomEntity(expandGroups).
 */
import { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists } from './room-settings.js';

export type Affiliation = AffiliationKind | 'none';

const RANK: Readonly<Record<Affiliation, number>> = { none: 0, outcast: 1, member: 2, admin: 3, owner: 4 };

export interface GroupGrant {
  readonly group: string;
  readonly kind: AffiliationKind;
  /** Bare JIDs of the group's current members. */
  readonly members: readonly string[];
}

/** What ejabberd holds now (jid → affiliation, none left out) and which of those a group raised. */
export interface HeldAffiliations {
  readonly current: ReadonlyMap<string, Affiliation>;
  /** jid → its own affiliation, for the JIDs whose ejabberd affiliation came from a group. */
  readonly raised: ReadonlyMap<string, Affiliation>;
}

/** Each JID's own affiliation: what ejabberd holds, except where a group raised it. */
export function ownAffiliations(held: HeldAffiliations): Map<string, AffiliationKind> {
  const out = new Map<string, AffiliationKind>();
  for (const [jid, aff] of held.current) {
    const own = held.raised.has(jid) ? held.raised.get(jid) : aff;
    if (own !== undefined && own !== 'none') out.set(jid, own);
  }
  for (const [jid, own] of held.raised) if (!held.current.has(jid) && own !== 'none') out.set(jid, own);
  return out;
}

/** The affiliation each JID gets: its own one, raised by the groups it is in. */
export function effectiveAffiliations(own: ReadonlyMap<string, AffiliationKind>, grants: readonly GroupGrant[]): Map<string, AffiliationKind> {
  const out = new Map(own);
  for (const g of grants) {
    for (const jid of g.members) {
      const had = out.get(jid) ?? 'none';
      if (RANK[g.kind] > RANK[had]) out.set(jid, g.kind);
    }
  }
  return out;
}

export interface AffiliationPlan {
  /** Changes to make in ejabberd, in order (grants, owners first; then removals). */
  readonly changes: ReadonlyArray<readonly [string, Affiliation]>;
  /** The new "raised" record. */
  readonly raised: ReadonlyMap<string, Affiliation>;
}

export function planAffiliations(
  current: ReadonlyMap<string, Affiliation>,
  own: ReadonlyMap<string, AffiliationKind>,
  grants: readonly GroupGrant[],
): AffiliationPlan {
  const wanted = effectiveAffiliations(own, grants);
  const grantsFirst: Array<readonly [string, Affiliation]> = [];
  const removals: Array<readonly [string, Affiliation]> = [];
  for (const [jid, aff] of wanted) if ((current.get(jid) ?? 'none') !== aff) grantsFirst.push([jid, aff]);
  for (const [jid, aff] of current) if (aff !== 'none' && !wanted.has(jid)) removals.push([jid, 'none']);
  grantsFirst.sort((a, b) => RANK[b[1]] - RANK[a[1]]);
  const raised = new Map<string, Affiliation>();
  for (const [jid, aff] of wanted) {
    const mine = own.get(jid) ?? 'none';
    if (mine !== aff) raised.set(jid, mine);
  }
  return { changes: [...grantsFirst, ...removals], raised };
}

/** Affiliation lists by kind, sorted; with `expand`, the members of each group under its kind too (no JID twice in a list). */
export function affiliationLists(own: ReadonlyMap<string, AffiliationKind>, grants: readonly GroupGrant[], expand: boolean): AffiliationLists {
  const sets: Record<AffiliationKind, Set<string>> = { owner: new Set(), admin: new Set(), member: new Set(), outcast: new Set() };
  for (const [jid, kind] of own) sets[kind].add(jid);
  if (expand) for (const g of grants) for (const jid of g.members) sets[g.kind].add(jid);
  const out = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
  for (const kind of AFFILIATION_KINDS) out[kind] = [...sets[kind]].sort();
  return out;
}
