/**
 * Offers: making one, withdrawing them, and marking an agent a rejector of a request. Pure moves
 * on a Draft; each emits the messages and the deadline changes that go with it.
 *
 * Rules:
 * - An offer lasts min(offerTimeout, time left on the request) and names itself by a `seq`
 *   unique in the workgroup; its timeout deadline carries that seq.
 * - Withdrawing an offer cancels its deadline and, with a reason, tells the agent (offerRevoked).
 * - A chat's transfer offer (transfer-events.ts) ends the same way, and the agent that asked
 *   for the transfer is told how it ended.
 * - A rejector (rejected, or let the offer time out) is not offered the request again for the
 *   rejection timeout; a deadline at that time makes routing look again.
 */
import { cancelDeadline, nextSeq, refOf, schedule, type Draft } from './draft.js';
import { REVOKE_TEXT, type RevokeReason, type TransferOutcome } from './effects.js';
import type { ChatData, QueuedRequestData } from './state.js';

export function makeOffer(d: Draft, req: QueuedRequestData, agent: string): void {
  const seq = nextSeq(d);
  const expiresAt = Math.min(d.now + d.s.settings.offerTimeoutMs, req.deadline);
  req.offers.push({ agent, seq, sentAt: d.now, expiresAt });
  if (!req.offeredTo.includes(agent)) req.offeredTo.push(agent);
  const a = d.s.agents[agent];
  if (a) a.lastOfferedAt = d.now;
  d.effects.push({ type: 'sendOffer', agent, request: refOf(d, req), metadata: req.metadata, expiresAt });
  schedule(d, { kind: 'offerTimeout', requestId: req.requestId, agent, offerSeq: seq }, expiresAt);
}

/**
 * Withdraws the offers of `req` that `which` selects (all by default); `reason` null = the agent
 * needs no message (it rejected, or it won). Returns the agents whose offers were withdrawn.
 */
export function withdrawOffers(d: Draft, req: QueuedRequestData, reason: RevokeReason | null, which: (agent: string) => boolean = () => true): string[] {
  const gone: string[] = [];
  req.offers = req.offers.filter((o) => {
    if (!which(o.agent)) return true;
    cancelDeadline(d, { kind: 'offerTimeout', requestId: req.requestId, agent: o.agent, offerSeq: o.seq });
    if (reason !== null) d.effects.push({ type: 'revokeOffer', agent: o.agent, request: refOf(d, req), reason, text: REVOKE_TEXT[reason] });
    gone.push(o.agent);
    return false;
  });
  return gone;
}

export function addRejector(d: Draft, req: QueuedRequestData, agent: string): void {
  const until = d.now + d.s.settings.rejectionTimeoutMs;
  const old = req.rejectors.find((r) => r.agent === agent);
  if (old) old.until = until;
  else req.rejectors.push({ agent, until });
  schedule(d, { kind: 'rejectionExpiry', requestId: req.requestId, agent, until }, until);
}

/**
 * Ends the pending transfer of `chat`, if any: its deadline is cancelled, the target told with
 * `reason` (null: it answered itself), the transferring agent told the `outcome`.
 */
export function endTransfer(d: Draft, chat: ChatData, reason: RevokeReason | null, outcome: TransferOutcome): void {
  const t = chat.transfer;
  if (!t) return;
  delete chat.transfer;
  const request = refOf(d, chat.request);
  cancelDeadline(d, { kind: 'offerTimeout', requestId: request.requestId, agent: t.agent, offerSeq: t.seq });
  if (reason !== null) d.effects.push({ type: 'revokeOffer', agent: t.agent, request, reason, text: REVOKE_TEXT[reason] });
  d.effects.push({ type: 'transferOutcome', agent: chat.agent, target: t.agent, request, outcome });
}
