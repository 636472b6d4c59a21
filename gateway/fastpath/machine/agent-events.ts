/**
 * The agent's events: availability (its own say and its presence) and its answer to an offer.
 * Pure moves on a Draft.
 *
 * Rules:
 * - Only members have agent state; anyone else gets 'not-member' and changes nothing.
 * - A disconnect ('offline') resets the agent's say to 'auto'. Offers of an agent that stops
 *   being available are revoked by `step` after the event, whatever made it unavailable; the
 *   request never left its place in the queue, so it is offered again from there.
 * - Accept: first accept wins (the holder of a pending offer); every other pending offer of the
 *   request is revoked at once; the request leaves the queue, its wait enters the average, and
 *   the chat exists ('creating') until the adapter reports the room. A repeated accept by the
 *   winner answers 'accepted' again and changes nothing.
 * - Reject: the offer ends without a message, and the agent is a rejector for the rejection
 *   timeout. Late answers are told apart: 'revoked' if the request was ever offered to that
 *   agent, 'not-yours' if not, 'unknown' if the request is not known here.
 * - A chat's transfer offer (transfer-events.ts) is answered through the same accept and
 *   reject: accepted, the target takes the chat over; rejected, the chat stays where it was
 *   and the target is no rejector (nothing is queued).
 */
import { isAvailable } from './availability.js';
import { refOf, type Draft } from './draft.js';
import { addRejector, endTransfer, withdrawOffers } from './offers.js';
import { leaveQueue, recordWait } from './queue.js';
import type { AcceptResult, AgentLeaveResult, AgentResult, RejectResult } from './results.js';
import type { Show } from './state.js';
import { acceptTransfer } from './transfer-events.js';

export function agentAvailable(d: Draft, agent: string, show: Show | undefined): AgentResult {
  const a = d.s.agents[agent];
  if (!a) return { kind: 'not-member' };
  a.choice = 'available';
  if (show !== undefined) a.show = show;
  else if (a.show === 'offline') a.show = 'available';
  return { kind: 'ok' };
}

export function agentUnavailable(d: Draft, agent: string): AgentLeaveResult {
  const a = d.s.agents[agent];
  if (!a) return { kind: 'not-member' };
  const was = isAvailable(d.s, agent);
  a.choice = 'unavailable';
  return was ? { kind: 'ok' } : { kind: 'not-available' };
}

export function agentPresence(d: Draft, agent: string, show: Show): AgentResult {
  const a = d.s.agents[agent];
  if (!a) return { kind: 'not-member' };
  a.show = show;
  if (show === 'offline') a.choice = 'auto';
  return { kind: 'ok' };
}

/** How a late accept or reject of a request that is not pending for `agent` is answered. */
function lateAnswer(d: Draft, requestId: string, agent: string): { kind: 'revoked' } | { kind: 'not-yours' } | { kind: 'unknown' } {
  const offeredTo = d.s.queue.find((r) => r.requestId === requestId)?.offeredTo ?? d.s.chats[requestId]?.request.offeredTo ?? d.s.finished.find((f) => f.requestId === requestId)?.offeredTo;
  if (offeredTo === undefined) return { kind: 'unknown' };
  return offeredTo.includes(agent) ? { kind: 'revoked' } : { kind: 'not-yours' };
}

export function accept(d: Draft, offerId: string, agent: string): AcceptResult {
  const chat = d.s.chats[offerId];
  if (chat && chat.agent === agent) return { kind: 'accepted', requestId: offerId, userId: chat.request.userId };
  if (chat?.transfer?.agent === agent) {
    acceptTransfer(d, chat, agent);
    return { kind: 'accepted', requestId: offerId, userId: chat.request.userId };
  }
  const req = d.s.queue.find((r) => r.requestId === offerId);
  if (!req || !req.offers.some((o) => o.agent === agent)) return lateAnswer(d, offerId, agent);
  withdrawOffers(d, req, null, (a) => a === agent);
  withdrawOffers(d, req, 'accepted-elsewhere');
  leaveQueue(d, offerId);
  recordWait(d, req.askedAt);
  d.s.chats[offerId] = { agent, status: 'creating', acceptedAt: d.now, request: req };
  d.effects.push({ type: 'createRoom', agent, request: refOf(d, req), metadata: req.metadata });
  return { kind: 'accepted', requestId: offerId, userId: req.userId };
}

export function reject(d: Draft, offerId: string, agent: string): RejectResult {
  const chat = d.s.chats[offerId];
  if (chat?.transfer?.agent === agent) {
    endTransfer(d, chat, null, 'rejected');
    return { kind: 'rejected' };
  }
  const req = d.s.queue.find((r) => r.requestId === offerId);
  if (!req || !req.offers.some((o) => o.agent === agent)) return lateAnswer(d, offerId, agent);
  withdrawOffers(d, req, null, (a) => a === agent);
  addRejector(d, req, agent);
  return { kind: 'rejected' };
}
