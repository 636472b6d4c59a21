/**
 * Deadlines firing: an offer timed out, a rejector's exclusion ran out, a request waited too
 * long. Pure moves on a Draft.
 *
 * Rules:
 * - A deadline acts only if the state still holds exactly what it names (the offer with that
 *   seq, the rejector with that until, the request with that seq); otherwise it is 'stale' and
 *   changes nothing. Acting consumes what it named, so a second fire of the same deadline is
 *   stale: deadlines are at-least-once, the machine makes them exactly-once.
 * - Offer timeout: revoke "The offer has timed out", the agent becomes a rejector. A chat's
 *   transfer offer times out the same way, without a rejector; its chat stays where it was.
 * - Rejection expiry: the exclusion ends; routing (after every step) may offer the request to
 *   that agent again.
 * - Request timeout: every pending offer is revoked (timed out); the request leaves the queue
 *   and overflows to the configured workgroup while it has moved fewer than MAX_OVERFLOWS times
 *   (never to itself), else departs with agent-not-found (a transferred request's room goes too).
 */
import { refOf, type Draft } from './draft.js';
import type { DeadlineRef } from './events.js';
import { addRejector, endTransfer, withdrawOffers } from './offers.js';
import { leaveQueue, remember } from './queue.js';
import type { DeadlineResult } from './results.js';
import { MAX_OVERFLOWS } from './state.js';

const FIRED: DeadlineResult = { kind: 'fired' };
const STALE: DeadlineResult = { kind: 'stale' };

export function fireDeadline(d: Draft, ref: DeadlineRef): DeadlineResult {
  const req = d.s.queue.find((r) => r.requestId === ref.requestId);
  if (!req) return ref.kind === 'offerTimeout' ? transferTimeout(d, ref) : STALE;
  switch (ref.kind) {
    case 'offerTimeout': {
      if (!req.offers.some((o) => o.agent === ref.agent && o.seq === ref.offerSeq)) return STALE;
      withdrawOffers(d, req, 'timeout', (a) => a === ref.agent);
      addRejector(d, req, ref.agent);
      return FIRED;
    }
    case 'rejectionExpiry': {
      const i = req.rejectors.findIndex((r) => r.agent === ref.agent && r.until === ref.until);
      if (i < 0) return STALE;
      req.rejectors.splice(i, 1);
      return FIRED;
    }
    case 'requestTimeout': {
      if (req.seq !== ref.requestSeq) return STALE;
      withdrawOffers(d, req, 'timeout');
      leaveQueue(d, req.requestId);
      remember(d, req.requestId, req.offeredTo);
      const target = d.s.settings.overflowTarget;
      if (target !== null && target !== d.s.name && req.overflowCount < MAX_OVERFLOWS) {
        const { requestId, userId, visitor, metadata, priority, agent, askedAt, previousAgent } = req;
        d.effects.push({
          type: 'overflow',
          from: d.s.name,
          to: target,
          join: { type: 'join', requestId, userId, visitor, metadata, priority, agent, askedAt, overflowCount: req.overflowCount + 1, ...(previousAgent !== undefined ? { previousAgent } : {}) },
        });
      } else {
        d.effects.push({ type: 'departQueue', request: refOf(d, req), reason: 'agent-not-found' });
        if (req.previousAgent !== undefined) d.effects.push({ type: 'destroyRoom', agent: req.previousAgent, request: refOf(d, req), reason: 'no-agent' });
      }
      return FIRED;
    }
  }
}

/** A chat's transfer offer timed out: revoked as such; the chat stays with its agent, who is told. */
function transferTimeout(d: Draft, ref: Extract<DeadlineRef, { kind: 'offerTimeout' }>): DeadlineResult {
  const chat = d.s.chats[ref.requestId];
  if (!chat?.transfer || chat.transfer.agent !== ref.agent || chat.transfer.seq !== ref.offerSeq) return STALE;
  endTransfer(d, chat, 'timeout', 'timeout');
  return FIRED;
}
