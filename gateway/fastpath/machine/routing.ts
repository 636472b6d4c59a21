/**
 * Routing: which agents a waiting request is offered to, and the pass that offers every request
 * that has none. Runs at the end of every step, so a request is offered as soon as anything that
 * could make an agent eligible happens (never a polling loop).
 *
 * Eligible for a request: available (availability.ts), below `maxChatsPerAgent` current chats,
 * not a rejector of it whose exclusion still runs, not holding any pending offer (including one
 * made earlier in the same pass, and a chat's transfer offer). Among the eligible:
 * - the preferred agent (the ask's `agent`), if eligible, is offered alone, whatever the strategy;
 * - 'openfire': fewest current chats; then one this request was never offered to (Openfire's
 *   "has not rejected this offer", kept across the rejection timeout); then longest since its
 *   last chat ended (never = longest); then username order, so ties are deterministic;
 * - 'roundRobin': least recently offered anything (never first); then username;
 * - 'broadcast': all of them at once.
 * Requests are served in queue order; one the head's agents cannot take may still go to another.
 * A request past its deadline is left to its request-timeout deadline.
 */
import { isAvailable } from './availability.js';
import type { Draft } from './draft.js';
import { makeOffer } from './offers.js';
import type { QueuedRequest, WorkgroupState } from './state.js';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** A time for ordering, where never (null) sorts before every real time. */
const never = (t: number | null): number => t ?? -1;

/** Current chats per agent, counted in one pass (routing reads them for every member and request). */
export function chatCounts(s: WorkgroupState): Map<string, number> {
  const n = new Map<string, number>();
  for (const c of Object.values(s.chats)) n.set(c.agent, (n.get(c.agent) ?? 0) + 1);
  return n;
}

/** Members that could take an offer now, whatever the request: available, below max chats, no pending offer. */
function freeAgents(s: WorkgroupState, busy: ReadonlySet<string>, chats: ReadonlyMap<string, number>): string[] {
  return s.members.filter((m) => !busy.has(m) && isAvailable(s, m) && (chats.get(m) ?? 0) < s.settings.maxChatsPerAgent);
}

/** The agents `req` should be offered to now (empty when none is eligible). */
export function chooseAgents(s: WorkgroupState, req: QueuedRequest, now: number, busy: ReadonlySet<string>, chats: ReadonlyMap<string, number> = chatCounts(s)): string[] {
  const pool = freeAgents(s, busy, chats).filter((m) => !req.rejectors.some((r) => r.agent === m && r.until > now));
  if (pool.length === 0) return [];
  if (req.agent !== null && pool.includes(req.agent)) return [req.agent];
  const strategy = s.settings.routing;
  if (strategy === 'broadcast') return pool;
  const agentOf = (m: string): { lastChatEndedAt: number | null; lastOfferedAt: number | null } => s.agents[m] ?? { lastChatEndedAt: null, lastOfferedAt: null };
  const sorted = [...pool].sort((a, b) => {
    if (strategy === 'roundRobin') return never(agentOf(a).lastOfferedAt) - never(agentOf(b).lastOfferedAt) || byName(a, b);
    return (
      (chats.get(a) ?? 0) - (chats.get(b) ?? 0) ||
      Number(req.offeredTo.includes(a)) - Number(req.offeredTo.includes(b)) ||
      never(agentOf(a).lastChatEndedAt) - never(agentOf(b).lastChatEndedAt) ||
      byName(a, b)
    );
  });
  return sorted.slice(0, 1);
}

/** Offers every waiting request without a pending offer to the agents chosen for it. */
export function routeAll(d: Draft): void {
  const busy = new Set<string>();
  for (const r of d.s.queue) for (const o of r.offers) busy.add(o.agent);
  for (const c of Object.values(d.s.chats)) if (c.transfer) busy.add(c.transfer.agent);
  const chats = chatCounts(d.s); // offers never change chats: counted once for the whole pass
  let free = freeAgents(d.s, busy, chats).length;
  for (const req of d.s.queue) {
    if (free === 0) return; // nobody can take an offer: the rest of the queue waits
    if (req.offers.length > 0 || req.deadline <= d.now) continue;
    for (const agent of chooseAgents(d.s, req, d.now, busy, chats)) {
      makeOffer(d, req, agent);
      busy.add(agent);
      free -= 1;
    }
  }
}
