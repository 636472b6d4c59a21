/**
 * The online view's record of one bare JID and the pure steps that change it: what
 * presence-view.ts runs over whatever keeps the records (a Map, or the shared Store where a step
 * may run again on a version conflict, so every step here is pure and returns its input itself
 * when nothing changes). Records are plain JSON.
 *
 * Aggregation: a JID is available when ANY resource has sent available presence; its show,
 * status and priority are the top resource's: highest priority, ties to the most recently set.
 * Recency is a counter kept in the record itself (not a process counter), so two instances
 * writing one record rank its resources the same way.
 */
import type { PresenceShow } from '../../hooks/index.js';

export interface ResourcePresence {
  readonly resource: string;
  readonly show: PresenceShow;
  readonly status: string;
  readonly priority: number;
}

export interface BarePresence {
  readonly jid: string;
  /** The top resource (highest priority, then most recent) and its presence. */
  readonly resource: string;
  readonly show: PresenceShow;
  readonly status: string;
  readonly priority: number;
  /** All available resources, top first. */
  readonly resources: readonly ResourcePresence[];
}

export interface StoredResource extends ResourcePresence {
  /** The record's counter when this resource was last set: larger is more recent. */
  readonly seq: number;
}

export interface PresenceRecord {
  /** Available resources, never empty (a JID without any has no record). */
  readonly resources: readonly StoredResource[];
  /** The last counter value given out in this record. */
  readonly seq: number;
}

/** One step: the record after it (undefined: no record), or `old` itself when nothing changes. */
export type PresenceStep = (old: PresenceRecord | undefined) => PresenceRecord | undefined;


/** Sets one resource's presence (a presence_set). */
export const setResource =
  ({ resource, show, status, priority }: ResourcePresence): PresenceStep =>
  (old) => {
    const seq = (old?.seq ?? 0) + 1;
    const others = old?.resources.filter((r) => r.resource !== resource) ?? [];
    return { resources: [...others, { resource, show, status, priority, seq }], seq };
  };

/** Adds a resource only when the record lacks it: never overwrites what events already said. */
export const seedResource =
  (presence: ResourcePresence): PresenceStep =>
  (old) =>
    old?.resources.some((r) => r.resource === presence.resource) ? old : setResource(presence)(old);

/** A resource went unavailable (presence_unset, session_closed). */
export const removeResource =
  (resource: string): PresenceStep =>
  (old) => {
    if (!old?.resources.some((r) => r.resource === resource)) return old;
    const resources = old.resources.filter((r) => r.resource !== resource);
    return resources.length === 0 ? undefined : { resources, seq: old.seq };
  };

/** Every resource goes (user_removed). */
export const clearResources: PresenceStep = () => undefined;

export function summarize(jid: string, record: PresenceRecord | undefined): BarePresence | undefined {
  if (!record || record.resources.length === 0) return undefined;
  const ranked = [...record.resources].sort((a, b) => b.priority - a.priority || b.seq - a.seq);
  const top = ranked[0] as StoredResource;
  return {
    jid,
    resource: top.resource,
    show: top.show,
    status: top.status,
    priority: top.priority,
    resources: ranked.map(({ resource, show, status, priority }) => ({ resource, show, status, priority })),
  };
}

/** Whether two summaries would look the same to a change listener (top resource and its presence). */
export function sameSummary(a: BarePresence | undefined, b: BarePresence | undefined): boolean {
  if (!a || !b) return a === b;
  return a.resource === b.resource && a.show === b.show && a.status === b.status && a.priority === b.priority;
}
