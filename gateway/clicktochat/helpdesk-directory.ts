/**
 * Who is a helpdesk user, and who of them can take a client now. As the original: a user of
 * the helpdesk virtual host; with clicktochat.helpdeskGroup, only that shared roster group's
 * members (needed when clients and helpdesk users share one host). Availability is per bare JID
 * from the online view (all resources together, the top resource's show): 'available' or
 * 'chat' take clients; 'away', 'xa', 'dnd' and offline never do (the original ignored show).
 *
 * Rules it keeps:
 * - The group's members are read from ejabberd at most once per GROUP_CACHE_MS (concurrent
 *   readers share one call); a failed read is not cached and rejects.
 * - JIDs are compared as lower-case bare JIDs.
 */
import type { Clock } from '../clock/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { bareOf, splitJid } from '../jid/index.js';
import type { PresenceView } from '../presence/index.js';

export const GROUP_CACHE_MS = 10_000;

export type AgentShow = 'available' | 'chat' | 'away' | 'xa' | 'dnd' | 'offline';

export interface HelpdeskDirectory {
  /** On the helpdesk host at all (cheap, no I/O): the first filter of presence changes. */
  onHelpdeskHost(jid: string): boolean;
  /** A helpdesk user (host, and group membership when configured). */
  isHelpdesk(jid: string): Promise<boolean>;
  showOf(agent: string): Promise<AgentShow>;
  /** Those of `agents` who can take a client now (helpdesk users whose show is available or chat). */
  available(agents: readonly string[]): Promise<string[]>;
  /** Those of `agents` with at least one available resource (any show). */
  online(agents: readonly string[]): Promise<string[]>;
}

export interface HelpdeskDirectoryDeps {
  readonly helpdeskHost: string;
  readonly helpdeskGroup: string | null;
  readonly backend: Pick<EjabberdBackend, 'getSharedGroupMembers'>;
  readonly presence: Pick<PresenceView, 'get'>;
  readonly clock: Clock;
}

export function createHelpdeskDirectory(d: HelpdeskDirectoryDeps): HelpdeskDirectory {
  let members: { readonly at: number; readonly set: Promise<ReadonlySet<string>> } | undefined;

  const groupMembers = (): Promise<ReadonlySet<string>> => {
    const now = d.clock.now();
    if (members && now - members.at < GROUP_CACHE_MS) return members.set;
    const set = d.backend.getSharedGroupMembers(d.helpdeskGroup as string).then((list) => new Set(list.map(bareOf)));
    const entry = { at: now, set };
    members = entry;
    set.catch(() => {
      if (members === entry) members = undefined;
    });
    return set;
  };

  const onHelpdeskHost = (jid: string): boolean => {
    const j = splitJid(jid);
    return j.local !== '' && j.domain.toLowerCase() === d.helpdeskHost;
  };

  const isHelpdesk = async (jid: string): Promise<boolean> => {
    if (!onHelpdeskHost(jid)) return false;
    return d.helpdeskGroup === null || (await groupMembers()).has(bareOf(jid));
  };

  const showOf = async (agent: string): Promise<AgentShow> => (await d.presence.get(agent))?.show ?? 'offline';

  return {
    onHelpdeskHost,
    isHelpdesk,
    showOf,
    async available(agents) {
      const ok = await Promise.all(agents.map(async (a) => {
        const show = await showOf(a);
        return (show === 'available' || show === 'chat') && (await isHelpdesk(a));
      }));
      return agents.filter((_, i) => ok[i]);
    },
    async online(agents) {
      const ok = await Promise.all(agents.map(async (a) => (await showOf(a)) !== 'offline' && (await isHelpdesk(a))));
      return agents.filter((_, i) => ok[i]);
    },
  };
}
