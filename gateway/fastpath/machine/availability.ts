/**
 * Who can take work: an agent's availability from its own choice, its presence and the
 * workgroup's settings, and its load. Pure reads of the state.
 *
 * Rules:
 * - Available = a member whose show allows offers ('available' or 'chat'; 'away' only with
 *   `awayGetsOffers`; never 'xa', 'dnd' or 'offline') and who said so (`POST assists`) or, with
 *   `autoAvailable`, did not say otherwise and is connected.
 * - Current chats are the workgroup's chats the agent holds (being created or open).
 */
import type { WorkgroupState } from './state.js';

export function isAvailable(s: WorkgroupState, agent: string): boolean {
  const a = s.agents[agent];
  if (!a || !s.members.includes(agent)) return false;
  const showOk = a.show === 'available' || a.show === 'chat' || (a.show === 'away' && s.settings.awayGetsOffers);
  if (!showOk) return false;
  return a.choice === 'available' || (a.choice === 'auto' && s.settings.autoAvailable);
}

/** Members available now, in member order: who gets the queue notifications. */
export function availableAgents(s: WorkgroupState): string[] {
  return s.members.filter((m) => isAvailable(s, m));
}

export function currentChats(s: WorkgroupState, agent: string): number {
  let n = 0;
  for (const c of Object.values(s.chats)) if (c.agent === agent) n++;
  return n;
}

/** The request id of the agent's pending offer (a queued request's, or a chat's transfer), if any. */
export function pendingOfferOf(s: WorkgroupState, agent: string): string | undefined {
  return s.queue.find((r) => r.offers.some((o) => o.agent === agent))?.requestId
    ?? Object.entries(s.chats).find(([, c]) => c.transfer?.agent === agent)?.[0];
}
