/**
 * Fastpath effects → the SSE events ofchat pushed for them, per user event log: agents get
 * `chatapi.assist` offerReceived / offerRevoked and `chatapi.ask` notify-queue /
 * notify-queue-details; the visitor (its short-lived account's log) gets `chatapi.ask`
 * update-queue, depart-queue and offer. ofgate's own, for the support chat's later life: the
 * visitor's `chatapi.ask` chat-ended and the agent's `chatapi.assist` chatEnded when the chat
 * ends by any path; a transfer offer is an offerReceived with `transfer: true`; the
 * transferring agent's `chatapi.assist` transferOutcome. Field names and string-typed numbers as ofchat's
 * clients read them, typos included (`postion`, `remaingTime`). Pure.
 *
 * Rules:
 * - Every value is a JSON value (the hub serialises and escapes); nothing is concatenated.
 * - `notify-queue-details` is sent for the first MAX_QUEUE_DETAILS requests only (ofchat sent
 *   one per queued user: with hundreds waiting that is hundreds of events per change per agent);
 *   `notify-queue.userCount` still counts them all.
 * - ofgate adds fields ofchat lacked after ofchat's (`userId`, `requestId`, `expiresAt`, `reason`
 *   codes), never renames one.
 * References: ofchat-api.md §6 (event table), §7.
 */
import { bare, splitJid } from '../jid/index.js';
import type { ChatEvent } from '../sse/index.js';
import type { Effect, QueueDetail, QueueSummary } from './machine/index.js';

/** Most notify-queue-details events per queue change and agent. */
export const MAX_QUEUE_DETAILS = 50;

export interface FastpathAddresses {
  readonly domain: string;
  /** `conference.{domain}`. */
  readonly mucService: string;
}

export interface Delivery {
  /** Whose event log (user name: an agent, or a visitor's account). */
  readonly to: string;
  readonly event: ChatEvent;
}

export const workgroupJid = (workgroup: string, domain: string): string => `${workgroup}@workgroup.${domain}`;

/** ofchat's `yyyyMMdd'T'HH:mm:ss` (UTC). */
export function fastpathTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-06T07:05:09.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`;
}

function notifyQueue(to: string, from: string, s: QueueSummary): Record<string, unknown> {
  return {
    type: 'notify-queue',
    to,
    from,
    averageWaitTime: String(s.averageWaitSeconds ?? 0),
    userCount: String(s.userCount),
    status: s.status,
    oldestEntry: s.oldestJoinedAt === null ? null : fastpathTimestamp(s.oldestJoinedAt),
  };
}

function notifyDetail(to: string, from: string, d: QueueDetail): Record<string, unknown> {
  return {
    type: 'notify-queue-details',
    to,
    from,
    userid: d.userId,
    postion: String(d.position),
    timeRemaining: String(d.estimatedSeconds),
    timestamp: fastpathTimestamp(d.joinedAt),
    requestId: d.requestId,
  };
}

/** The SSE deliveries of one effect ([] for effects that are not events). */
export function deliveriesOf(e: Effect, a: FastpathAddresses): Delivery[] {
  const jidOf = (user: string): string => bare({ local: user, domain: a.domain });
  switch (e.type) {
    case 'sendOffer':
      return [{
        to: e.agent,
        event: {
          name: 'chatapi.assist',
          data: {
            type: 'offerReceived',
            workgroup: workgroupJid(e.request.workgroup, a.domain),
            id: e.request.requestId,
            from: e.request.visitor,
            metaData: e.metadata,
            userId: e.request.userId,
            expiresAt: new Date(e.expiresAt).toISOString(),
            ...(e.transferFrom !== undefined ? { transfer: true, transferFrom: jidOf(e.transferFrom) } : {}),
          },
        },
      }];
    case 'revokeOffer':
      return [{
        to: e.agent,
        event: {
          name: 'chatapi.assist',
          data: { type: 'offerRevoked', workgroup: workgroupJid(e.request.workgroup, a.domain), id: e.request.requestId, from: e.request.visitor, reason: e.text, code: e.reason },
        },
      }];
    case 'updateQueue':
      return [{
        to: splitJid(e.request.visitor).local,
        event: {
          name: 'chatapi.ask',
          data: { type: 'update-queue', to: e.request.visitor, from: workgroupJid(e.request.workgroup, a.domain), remaingTime: String(e.estimatedSeconds), position: String(e.position), requestId: e.request.requestId },
        },
      }];
    case 'departQueue':
      return [{
        to: splitJid(e.request.visitor).local,
        event: {
          name: 'chatapi.ask',
          data: { type: 'depart-queue', to: e.request.visitor, from: workgroupJid(e.request.workgroup, a.domain), reason: e.reason, requestId: e.request.requestId },
        },
      }];
    case 'inviteVisitor':
      return [{
        to: splitJid(e.request.visitor).local,
        event: {
          name: 'chatapi.ask',
          data: {
            type: 'offer', to: e.request.visitor, from: workgroupJid(e.request.workgroup, a.domain), url: null, mucRoom: `${e.request.requestId}@${a.mucService}`, agent: jidOf(e.agent), requestId: e.request.requestId,
            ...(e.transferred ? { transferred: true } : {}),
          },
        },
      }];
    case 'destroyRoom': {
      const from = workgroupJid(e.request.workgroup, a.domain);
      const reason = e.reason ?? 'ended';
      return [
        { to: splitJid(e.request.visitor).local, event: { name: 'chatapi.ask', data: { type: 'chat-ended', to: e.request.visitor, from, requestId: e.request.requestId, mucRoom: `${e.request.requestId}@${a.mucService}`, reason } } },
        { to: e.agent, event: { name: 'chatapi.assist', data: { type: 'chatEnded', workgroup: from, id: e.request.requestId, from: e.request.visitor, userId: e.request.userId, reason } } },
      ];
    }
    case 'transferOutcome':
      return [{
        to: e.agent,
        event: { name: 'chatapi.assist', data: { type: 'transferOutcome', workgroup: workgroupJid(e.request.workgroup, a.domain), id: e.request.requestId, to: jidOf(e.target), outcome: e.outcome } },
      }];
    case 'notifyAgents': {
      const from = workgroupJid(e.workgroup, a.domain);
      const out: Delivery[] = [];
      for (const agent of e.agents) {
        const to = jidOf(agent);
        out.push({ to: agent, event: { name: 'chatapi.ask', data: notifyQueue(to, from, e.summary) } });
        for (const d of e.details.slice(0, MAX_QUEUE_DETAILS)) out.push({ to: agent, event: { name: 'chatapi.ask', data: notifyDetail(to, from, d) } });
      }
      return out;
    }
    default:
      return [];
  }
}
