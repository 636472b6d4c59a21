/**
 * Offers: making one, withdrawing them, and marking an agent a rejector of a request. Pure moves
 * on a Draft; each emits the messages and the deadline changes that go with it.
 *
 * Rules:
 * - An offer lasts min(offerTimeout, time left on the request) and names itself by a `seq`
 *   unique in the workgroup; its timeout deadline carries that seq.
 * - Withdrawing an offer cancels its deadline and, with a reason, tells the agent (offerRevoked).
 * - A rejector (rejected, or let the offer time out) is not offered the request again for the
 *   rejection timeout; a deadline at that time makes routing look again.
 */
import { cancelDeadline, nextSeq, refOf, schedule, type Draft } from './draft.js';
import { REVOKE_TEXT, type RevokeReason } from './effects.js';
import type { QueuedRequestData } from './state.js';

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
