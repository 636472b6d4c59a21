/**
 * Archived messages (XEP-0313) grouped into Openfire Monitoring-style conversations: per peer
 * (or per room), a new conversation after 10 minutes of silence (Monitoring's default
 * `conversation.idleTime`). A conversation's id is the archive id of its first message
 * (numeric on ejabberd, like Openfire's long ids). With keywords, only conversations with a
 * message containing every keyword (case-insensitive) are kept, whole.
 * References: ofchat-api.md §4 (conversations entity), §5.7 (GET chat/{username}/messages);
 * Openfire Monitoring plugin ConversationManager (idle time), ArchiveSearcher.
 */
import type { ArchivedMessage } from '../xmpp/index.js';
import { bareOf } from '../jid/index.js';

export const CONVERSATION_IDLE_MS = 10 * 60 * 1000;

export interface ConversationMessage {
  readonly conversationID: string;
  readonly from: string;
  readonly to: string;
  readonly sentDate: Date;
  readonly body: string;
}

export interface Conversation {
  readonly conversationID: string;
  readonly external: boolean;
  readonly startDate: Date;
  readonly lastActivity: Date;
  readonly messageCount: number;
  /** Room JID for a room conversation. */
  readonly chatRoom?: string | undefined;
  readonly participantList: string[];
  readonly messages: ConversationMessage[];
}

export interface GroupOptions {
  /** Bare JID of the archive's owner. */
  readonly owner: string;
  readonly domain: string;
  /** Set when the messages are a room's archive. */
  readonly room?: string | undefined;
  readonly keywords?: string | undefined;
}

function peerOf(m: ArchivedMessage, o: GroupOptions): string {
  if (o.room) return o.room;
  const from = bareOf(m.from);
  return from === o.owner ? bareOf(m.to) : from;
}

export function groupConversations(archived: readonly ArchivedMessage[], o: GroupOptions): Conversation[] {
  const sorted = [...archived].sort((a, b) => a.stamp.getTime() - b.stamp.getTime());
  const open = new Map<string, ArchivedMessage[]>();
  const groups: ArchivedMessage[][] = [];
  for (const m of sorted) {
    const peer = peerOf(m, o);
    const current = open.get(peer);
    const last = current?.at(-1);
    if (current && last && m.stamp.getTime() - last.stamp.getTime() <= CONVERSATION_IDLE_MS) {
      current.push(m);
    } else {
      const fresh = [m];
      open.set(peer, fresh);
      groups.push(fresh);
    }
  }
  const words = (o.keywords ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (g: ArchivedMessage[]): boolean =>
    words.length === 0 || g.some((m) => words.every((w) => m.body.toLowerCase().includes(w)));
  return groups.filter(matches).map((g) => toConversation(g, o));
}

function toConversation(g: ArchivedMessage[], o: GroupOptions): Conversation {
  const first = g[0] as ArchivedMessage;
  const last = g.at(-1) as ArchivedMessage;
  const conversationID = first.id;
  const peer = peerOf(first, o);
  const participants = new Set<string>([o.owner]);
  for (const m of g) {
    if (o.room) participants.add(m.from);
    else participants.add(bareOf(m.from)).add(bareOf(m.to));
  }
  return {
    conversationID,
    external: !o.room && !peer.endsWith(`@${o.domain}`),
    startDate: first.stamp,
    lastActivity: last.stamp,
    messageCount: g.length,
    chatRoom: o.room,
    participantList: [...participants].filter(Boolean),
    messages: g.map((m) => ({ conversationID, from: m.from, to: m.to, sentDate: m.stamp, body: m.body })),
  };
}
