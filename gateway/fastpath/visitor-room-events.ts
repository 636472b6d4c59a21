/**
 * What a Fastpath visitor's stream adds to the chat's own events: every message of its support
 * room as ofchat's `chatapi.ask` groupchat event (`{type, to, from, body}`, no `data`), beside
 * the chat's `chatapi.muc` one, so a visitor page written for ofchat finds them. Visitor
 * accounts are named `fpv-…` (visitor-accounts.ts). Pure.
 */
import type { ChatEvent } from '../sse/index.js';

export const VISITOR_ACCOUNT_PREFIX = 'fpv-';

/** The stanza fields read here (the chat's InboundStanza has them). */
export interface RoomMessage {
  readonly name: string;
  readonly type: string;
  readonly to: string;
  readonly from: string;
  readonly body: string | null;
}

export function visitorRoomEvents(username: string, s: RoomMessage): ChatEvent[] {
  if (!username.startsWith(VISITOR_ACCOUNT_PREFIX) || s.name !== 'message' || s.type !== 'groupchat' || s.body === null) return [];
  return [{ name: 'chatapi.ask', data: { type: 'groupchat', to: s.to, from: s.from, body: s.body } }];
}
