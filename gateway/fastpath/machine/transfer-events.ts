/**
 * An agent's moves on its running support chat: hand it to another agent of the workgroup
 * (an offer the target accepts or rejects), put it back in a queue (this workgroup's or
 * another's) with its room, or invite a colleague into the room. Pure moves on a Draft.
 *
 * Rules:
 * - Only the chat's agent may move it, and only once its room is ready ('open'): 403 / 409
 *   otherwise. One transfer at a time per chat.
 * - To an agent: the target must be another member and available now; it gets an offer
 *   (`sendOffer` with `transferFrom`) lasting the offer timeout, guarded by an offer-timeout
 *   deadline of its own `seq`. The chat stays with its agent until the target accepts; then
 *   the target holds it (the first agent's load drops, its last-chat time is now), the room is
 *   set up again for the target (which removes the first agent) and both are invited again.
 *   Rejected, timed out, or the target no longer available: the first agent keeps the chat
 *   and is told (`transferOutcome`).
 * - To a workgroup: the chat ends for its agent and the request joins that workgroup's queue
 *   with its room (`previousAgent`), where the first agent is a rejector for the rejection
 *   timeout. Another workgroup: an `overflow` effect marked `transfer`, which the adapter steps
 *   in the same transaction and undoes whole if the target refuses. This workgroup: joined
 *   here at once, refused with the join's refusal.
 * - An invitation changes no state; it only asks for the membership and the invitation.
 */
import { isAvailable } from './availability.js';
import { endChat } from './chat-events.js';
import { nextSeq, refOf, schedule, type Draft } from './draft.js';
import type { JoinEvent } from './events.js';
import { endTransfer } from './offers.js';
import type { InviteResult, TransferResult } from './results.js';
import type { ChatData, WorkgroupState } from './state.js';
import { join, joinRefusal } from './visitor-events.js';

type Refused = Exclude<TransferResult, { kind: 'offered' | 'queued' | 'moved' }>;

/** The chat `offerId` if `agent` may move it now, else the refusal. */
function ownOpenChat(d: Draft, offerId: string, agent: string): ChatData | Refused {
  const chat = d.s.chats[offerId];
  if (!chat) return { kind: 'unknown' };
  if (chat.agent !== agent) return { kind: 'not-yours' };
  if (chat.status !== 'open') return { kind: 'not-ready' };
  return chat;
}

const isChat = (c: ChatData | Refused): c is ChatData => 'request' in c;

export function transferToAgent(d: Draft, offerId: string, agent: string, target: string): TransferResult {
  const chat = ownOpenChat(d, offerId, agent);
  if (!isChat(chat)) return chat;
  if (chat.transfer) return { kind: 'pending' };
  if (target === agent) return { kind: 'same-agent' };
  if (!d.s.members.includes(target)) return { kind: 'not-member' };
  if (!isAvailable(d.s, target)) return { kind: 'unavailable' };
  const seq = nextSeq(d);
  const expiresAt = d.now + d.s.settings.offerTimeoutMs;
  chat.transfer = { agent: target, seq, sentAt: d.now, expiresAt };
  if (!chat.request.offeredTo.includes(target)) chat.request.offeredTo.push(target);
  const a = d.s.agents[target];
  if (a) a.lastOfferedAt = d.now;
  d.effects.push({ type: 'sendOffer', agent: target, request: refOf(d, chat.request), metadata: chat.request.metadata, expiresAt, transferFrom: agent });
  schedule(d, { kind: 'offerTimeout', requestId: offerId, agent: target, offerSeq: seq }, expiresAt);
  return { kind: 'offered', expiresAt };
}

/** The target accepts: it holds the chat now; the room is set up again for it. */
export function acceptTransfer(d: Draft, chat: ChatData, agent: string): void {
  const from = chat.agent;
  endTransfer(d, chat, null, 'accepted');
  const was = d.s.agents[from];
  if (was) was.lastChatEndedAt = d.now;
  chat.agent = agent;
  chat.status = 'creating';
  chat.acceptedAt = d.now;
  chat.request.previousAgent = from;
  d.effects.push({ type: 'createRoom', agent, request: refOf(d, chat.request), metadata: chat.request.metadata });
}

/** The transfer offers of chats whose target can no longer take them are withdrawn (step's invariant 1). */
export function revokeUnavailableTransfers(d: Draft): void {
  for (const chat of Object.values(d.s.chats)) {
    const target = chat.transfer?.agent;
    if (target === undefined) continue;
    if (!d.s.members.includes(target)) endTransfer(d, chat, 'not-member', 'withdrawn');
    else if (!isAvailable(d.s, target)) endTransfer(d, chat, 'agent-unavailable', 'withdrawn');
  }
}

export function transferToWorkgroup(d: Draft, offerId: string, agent: string, workgroup: string): TransferResult {
  const chat = ownOpenChat(d, offerId, agent);
  if (!isChat(chat)) return chat;
  if (chat.transfer) return { kind: 'pending' };
  const req = chat.request;
  const joining: JoinEvent = {
    type: 'join', requestId: req.requestId, userId: req.userId, visitor: req.visitor, metadata: req.metadata,
    priority: req.priority, agent: null, askedAt: req.askedAt, overflowCount: req.overflowCount, previousAgent: agent,
  };
  if (workgroup !== d.s.name) {
    endChat(d, offerId);
    d.effects.push({ type: 'overflow', from: d.s.name, to: workgroup, join: joining, transfer: true });
    return { kind: 'moved' };
  }
  const { [offerId]: _moving, ...others } = d.s.chats;
  const refusal = joinRefusal({ ...(d.s as WorkgroupState), chats: others }, req.userId, d.now);
  if (refusal) return { kind: 'refused', refusal: refusal.kind };
  endChat(d, offerId);
  const joined = join(d, joining);
  return joined.kind === 'queued' ? { kind: 'queued', position: joined.position } : { kind: 'refused', refusal: joined.kind };
}

export function inviteColleague(d: Draft, offerId: string, agent: string, colleague: string): InviteResult {
  const chat = ownOpenChat(d, offerId, agent);
  if (!isChat(chat)) return chat.kind === 'unknown' || chat.kind === 'not-yours' || chat.kind === 'not-ready' ? chat : { kind: 'unknown' };
  if (colleague === agent) return { kind: 'same-agent' };
  d.effects.push({ type: 'inviteColleague', agent, colleague, request: refOf(d, chat.request) });
  return { kind: 'invited' };
}
