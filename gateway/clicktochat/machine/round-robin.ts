/**
 * The round robin clicktochat_ejabberd meant (notes/helpdesk-peers.md A.6), on a step's private
 * copy of the state: the next client goes to the first agent in queue order who is available
 * and holds fewer than maxSessions clients; that agent then moves to the tail. Agents skipped
 * (away, busy, full) keep their places, so they are first in line once they can take a client.
 *
 * Where the original differs: it counted capacity on one queue entry per resource and handed
 * out maxSessions + 1 clients; it picked an agent who was away, and after its last client it
 * crashed on an empty queue. Here the load is the number of clients naming the bare agent.
 */
import type { ClickToChatState, ClickToChatStateData } from './state.js';

/** Clients paired with `agent` (pending ones included: their slot is taken). */
export function loadOf(s: Pick<ClickToChatState, 'clients'>, agent: string): number {
  let n = 0;
  for (const c of Object.values(s.clients)) if (c.agent === agent) n++;
  return n;
}

/** The agent the next client goes to, or undefined when nobody can take one. */
export function nextAgent(s: ClickToChatStateData, available: ReadonlySet<string>, maxSessions: number): string | undefined {
  return s.queue.find((a) => available.has(a) && !(a in s.clients) && loadOf(s, a) < maxSessions);
}

/** Moves `agent` to the tail of the queue (it just took a client). */
export function moveToTail(s: ClickToChatStateData, agent: string): void {
  s.queue = [...s.queue.filter((a) => a !== agent), agent];
}

/** Puts `agent` at the head (a fresh login takes the next client, as in the original). */
export function addToHead(s: ClickToChatStateData, agent: string): void {
  if (s.queue.includes(agent) || agent in s.clients) return;
  s.queue = [agent, ...s.queue];
}

export function removeFromQueue(s: ClickToChatStateData, agent: string): void {
  s.queue = s.queue.filter((a) => a !== agent);
}
