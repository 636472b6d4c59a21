/**
 * Message stanzas ofgate sends for a user: 1:1 chat (body and/or the Jive `data` property),
 * groupchat, and XEP-0085 standalone chat states. Built with xml() only, so every body, JID
 * and JSON text is escaped by the XML writer of xmpp.js.
 * References: RFC 6121 §5; XEP-0085 §5; XEP-0045 §7.4; ofchat-api.md §5.7.
 */
import { randomUUID } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { dataProperties } from './jive-properties.js';
import { NS_CHAT_STATES } from './namespaces.js';

export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';
export const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

export function isChatState(s: string): s is ChatState {
  return (CHAT_STATES as readonly string[]).includes(s);
}

export interface MessageContent {
  /** The <body>; absent for a data-only message. */
  readonly body?: string | undefined;
  /** JSON text for the Jive `data` property. */
  readonly data?: string | undefined;
}

function message(to: string, type: 'chat' | 'groupchat', content: MessageContent): Element {
  return xml(
    'message',
    { to, type, id: randomUUID() },
    content.body !== undefined ? xml('body', {}, content.body) : null,
    content.data !== undefined ? dataProperties(content.data) : null,
  );
}

/** A 1:1 chat message. */
export function chatMessage(to: string, content: MessageContent): Element {
  return message(to, 'chat', content);
}

/** A message to a room (the sender must be an occupant). */
export function groupchatMessage(roomJid: string, content: MessageContent): Element {
  return message(roomJid, 'groupchat', content);
}

/** A standalone chat-state notification (no body). */
export function chatStateMessage(to: string, state: ChatState): Element {
  return xml('message', { to, type: 'chat', id: randomUUID() }, xml(state, { xmlns: NS_CHAT_STATES }));
}
