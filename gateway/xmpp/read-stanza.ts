/**
 * What ofgate needs to know about a stanza a user's stream received, read once here so the
 * chat layer maps plain data to SSE events without touching XML.
 * References: RFC 6121 §4.7 (presence show/status), §5.2 (message types); XEP-0085 (chat
 * states); XEP-0045 §7.2.2 (status codes), §7.8.2 (mediated invitation); XEP-0249 (direct
 * invitation); ofchat-api.md §6.
 */
import type { Element } from '@xmpp/xml';
import { bare, splitJid } from '../jid/index.js';
import { isChatState, type ChatState } from './build-message.js';
import { readDataProperty } from './jive-properties.js';
import { isStanzaName, NS_CHAT_STATES, NS_CLIENT, NS_DIRECT_INVITE, NS_MUC_USER, type StanzaName } from './namespaces.js';

export interface Invitation {
  readonly kind: 'mediated' | 'direct';
  /** Bare room JID. */
  readonly room: string;
  readonly inviter: string;
  readonly password: string | null;
  readonly reason: string | null;
}

export interface InboundStanza {
  readonly name: StanzaName;
  /** Defaulted as RFC 6121 says: message → normal, presence → available. */
  readonly type: string;
  readonly to: string;
  readonly from: string;
  /**
   * The stanza serialised with xmlns="jabber:client" (ofchat's chatapi.xmpp payload): made at the
   * first read, in the turn the stanza arrived, so a stanza nobody copies is never serialised.
   */
  readonly xml: string;
  readonly body: string | null;
  /** Raw text of the Jive `data` property; null when absent. */
  readonly data: string | null;
  readonly chatState: ChatState | null;
  /** Presence: the mode (available, away, chat, dnd, xa); null for other stanzas. */
  readonly show: string | null;
  readonly status: string | null;
  readonly invitation: Invitation | null;
  /** XEP-0045 status codes of a MUC presence (110 = self, 201 = room created). */
  readonly mucStatusCodes: readonly number[];
  /** type="error": the defined condition and text (RFC 6120 §8.3). */
  readonly error: StanzaErrorParts | null;
}

export interface StanzaErrorParts {
  readonly condition: string;
  readonly text: string;
}

function stanzaXml(el: Element): string {
  if (el.attrs.xmlns) return el.toString();
  // set for the serialisation only (synchronous): the element itself stays as received
  el.attrs.xmlns = NS_CLIENT;
  try {
    return el.toString();
  } finally {
    delete el.attrs.xmlns;
  }
}

/** The defined condition and text of a stanza's <error/> (RFC 6120 §8.3); undefined-condition when absent. */
export function stanzaErrorOf(el: Element): StanzaErrorParts {
  const error = el.getChild('error');
  const condition = error?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition';
  return { condition, text: error?.getChildText('text') ?? '' };
}

function chatStateOf(el: Element): ChatState | null {
  for (const child of el.getChildElements()) {
    if (child.getNS() === NS_CHAT_STATES && isChatState(child.name)) return child.name;
  }
  return null;
}

function invitationOf(el: Element): Invitation | null {
  const muc = el.getChild('x', NS_MUC_USER);
  const invite = muc?.getChild('invite');
  if (muc && invite) {
    return {
      kind: 'mediated',
      room: bare(splitJid(el.attrs.from ?? '')),
      inviter: invite.attrs.from ?? '',
      password: muc.getChildText('password'),
      reason: invite.getChildText('reason'),
    };
  }
  const direct = el.getChild('x', NS_DIRECT_INVITE);
  if (direct?.attrs.jid) {
    return {
      kind: 'direct',
      room: direct.attrs.jid,
      inviter: el.attrs.from ?? '',
      password: direct.attrs.password ?? null,
      reason: el.getChildText('body') ?? direct.attrs.reason ?? null,
    };
  }
  return null;
}

export function readStanza(el: Element): InboundStanza | undefined {
  const name = el.name;
  if (!isStanzaName(name)) return undefined;
  const isPresence = name === 'presence';
  const type = el.attrs.type ?? (name === 'message' ? 'normal' : isPresence ? 'available' : '');
  const isMessage = name === 'message';
  let xml: string | undefined;
  return {
    name,
    type,
    to: el.attrs.to ?? '',
    from: el.attrs.from ?? '',
    get xml() {
      return (xml ??= stanzaXml(el));
    },
    body: isMessage ? el.getChildText('body') : null,
    data: isMessage ? (readDataProperty(el) ?? null) : null,
    chatState: isMessage ? chatStateOf(el) : null,
    show: isPresence ? (el.getChildText('show') || 'available') : null,
    status: isPresence ? el.getChildText('status') : null,
    invitation: isMessage && type !== 'error' ? invitationOf(el) : null, // a bounced invite is no invitation
    mucStatusCodes: (el.getChild('x', NS_MUC_USER)?.getChildren('status') ?? [])
      .map((s) => Number(s.attrs.code))
      .filter((n) => Number.isInteger(n)),
    error: type === 'error' ? stanzaErrorOf(el) : null,
  };
}
