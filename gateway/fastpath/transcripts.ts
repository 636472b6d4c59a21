/**
 * A support chat's transcript, read from its room's archive (mod_mam; the room is archived,
 * support-rooms.ts) through the chat service's history, as a member of the room (the agent:
 * on its own stream when it has one here, else a short-lived password-less one). And the
 * transcript as plain text (the visitor's download).
 *
 * Rules: only messages with a body count, oldest first; a message whose nick is the visitor's
 * account is the visitor's (named by its nickname, else its userID), any other an agent's; at
 * most MAX_MESSAGES are kept (the newest) and each body at most MAX_BODY characters. ejabberd
 * answers a room's archive only while the room exists, so the chat record keeps the transcript
 * read when the chat ends (chat-records.ts). The text form has no markup: one line per message.
 */
import type { Principal } from '../auth/index.js';
import type { Conversation } from '../chat/index.js';

export const MAX_MESSAGES = 2000;
export const MAX_BODY = 10_000;

const SYSTEM: Principal = { kind: 'secret' };

export interface TranscriptMessage {
  /** Occupant JID (room/nick), as archived. */
  readonly from: string;
  readonly nick: string;
  readonly role: 'visitor' | 'agent';
  readonly body: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface TranscriptParty {
  /** The visitor's account (its nick in the room). */
  readonly visitorAccount: string;
  /** How the visitor is named in the transcript. */
  readonly visitorName: string;
}

/** The archive's conversations of one room → the transcript. Pure. */
export function transcriptOf(conversations: readonly Conversation[], party: TranscriptParty): TranscriptMessage[] {
  const all = conversations.flatMap((c) => c.messages).sort((a, b) => a.sentDate.getTime() - b.sentDate.getTime());
  return all.slice(-MAX_MESSAGES).map((m) => {
    const slash = m.from.indexOf('/');
    const nick = slash < 0 ? m.from : m.from.slice(slash + 1);
    const visitor = nick.toLowerCase() === party.visitorAccount.toLowerCase();
    return { from: m.from, nick: visitor ? party.visitorName : nick, role: visitor ? 'visitor' : 'agent', body: m.body.slice(0, MAX_BODY), at: m.sentDate.getTime() };
  });
}

export interface TranscriptHeading {
  readonly requestId: string;
  readonly workgroup: string;
  readonly agent: string;
  readonly acceptedAt: number;
  readonly endedAt: number | null;
}

/** The transcript as a text/plain download. Pure. */
export function transcriptText(h: TranscriptHeading, messages: readonly TranscriptMessage[]): string {
  const lines = [
    `Chat ${h.requestId} (${h.workgroup})`,
    `Agent: ${h.agent}`,
    `Started: ${new Date(h.acceptedAt).toISOString()}`,
    ...(h.endedAt === null ? [] : [`Ended: ${new Date(h.endedAt).toISOString()}`]),
    '',
    ...messages.map((m) => `[${new Date(m.at).toISOString()}] ${m.nick}: ${m.body.replace(/\r?\n/g, '\n    ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The chat service's history, as the transcript reader uses it. */
export type RoomHistory = (principal: Principal, username: string, params: { room: string; service: string }) => Promise<Conversation[]>;

export interface TranscriptReader {
  /** The room's transcript now, read as `member` (a user name of the domain that is a member of the room). */
  read(requestId: string, member: string, party: TranscriptParty): Promise<TranscriptMessage[]>;
}

export function createTranscriptReader(d: { readonly history: RoomHistory; readonly mucService: string }): TranscriptReader {
  return {
    async read(requestId, member, party) {
      return transcriptOf(await d.history(SYSTEM, member, { room: requestId, service: d.mucService }), party);
    },
  };
}
