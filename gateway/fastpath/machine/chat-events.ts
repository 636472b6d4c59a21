/**
 * The support chat's life after an accept: the room exists (invite both), could not be made
 * (the request goes back to its old place), or the chat ended. Pure moves on a Draft.
 *
 * Rules:
 * - A chat counts toward the agent's load from the accept until it ends; then the agent's
 *   last-chat time is now (routing's tie-break).
 * - chatEnded removes the room (destroyRoom, whose reason tells both sides why), as a cancel in
 *   the room does; given an agent, only the chat's own agent may end it. A pending transfer
 *   offer of the chat is withdrawn ("The chat has ended").
 * - roomCreated of a chat taken over (`previousAgent`: a transfer) invites the new agent and
 *   tells the visitor its new agent (an `offer` marked transferred).
 * - roomCreated invites once: a repeated roomCreated changes nothing. For a chat no longer here
 *   (cancelled meanwhile) it answers 'unknown' and the adapter removes the room it just made.
 * - roomFailed re-queues the request with its old priority, seq and request deadline (overdue:
 *   the deadline fires at once), tells the agent, and excludes that agent from it for the
 *   rejection timeout so a broken room does not loop on one agent (running exclusions are
 *   re-armed: the accept had cancelled their deadlines).
 */
import { refOf, schedule, type Draft } from './draft.js';
import { REVOKE_TEXT } from './effects.js';
import { addRejector, endTransfer } from './offers.js';
import { insertInOrder, remember } from './queue.js';
import type { EndResult, RoomResult } from './results.js';

/** Ends an active chat: the agent's load drops and its last-chat time is now. */
export function endChat(d: Draft, requestId: string): boolean {
  const chat = d.s.chats[requestId];
  if (!chat) return false;
  endTransfer(d, chat, 'chat-ended', 'chat-ended');
  delete d.s.chats[requestId];
  const a = d.s.agents[chat.agent];
  if (a) a.lastChatEndedAt = d.now;
  remember(d, requestId, chat.request.offeredTo);
  return true;
}

export function roomCreated(d: Draft, offerId: string): RoomResult {
  const chat = d.s.chats[offerId];
  if (!chat) return { kind: 'unknown' };
  if (chat.status === 'creating') {
    chat.status = 'open';
    const request = refOf(d, chat.request);
    const transferred = chat.request.previousAgent !== undefined;
    d.effects.push({ type: 'inviteAgent', agent: chat.agent, request }, { type: 'inviteVisitor', agent: chat.agent, request, ...(transferred ? { transferred } : {}) });
  }
  return { kind: 'ok' };
}

export function roomFailed(d: Draft, offerId: string): RoomResult {
  const chat = d.s.chats[offerId];
  if (!chat || chat.status !== 'creating') return { kind: 'unknown' };
  delete d.s.chats[offerId];
  const req = chat.request;
  req.offers = [];
  insertInOrder(d.s.queue, req);
  schedule(d, { kind: 'requestTimeout', requestId: req.requestId, requestSeq: req.seq }, req.deadline);
  req.rejectors = req.rejectors.filter((r) => r.until > d.now);
  for (const r of req.rejectors) schedule(d, { kind: 'rejectionExpiry', requestId: req.requestId, agent: r.agent, until: r.until }, r.until);
  d.effects.push({ type: 'revokeOffer', agent: chat.agent, request: refOf(d, req), reason: 'room-failed', text: REVOKE_TEXT['room-failed'] });
  addRejector(d, req, chat.agent);
  return { kind: 'ok' };
}

/** Both left, or the chat's agent ends it: the chat ends and its room goes (the archive stays). */
export function chatEnded(d: Draft, offerId: string, agent?: string): EndResult {
  const chat = d.s.chats[offerId];
  if (!chat) return { kind: 'unknown' };
  if (agent !== undefined && chat.agent !== agent) return { kind: 'not-yours' };
  endChat(d, offerId);
  d.effects.push({ type: 'destroyRoom', agent: chat.agent, request: refOf(d, chat.request), reason: agent === undefined ? 'everyone-left' : 'agent-ended' });
  return { kind: 'ok' };
}
