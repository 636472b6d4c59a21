/**
 * The two stanzas a visitor stream sends, built with ofgate's XML writer (every value escaped)
 * and parsed into elements: its presence (multi-line `<status>` and XEP-0172 `<nick>`) and a
 * chat message to an operator.
 */
import { el, renderXml } from '../xml/index.js';
import { parseStanzaText, type Stanza } from '../xmpp/index.js';
import type { VisitorLook } from './node-api-input.js';

const NS_NICK = 'http://jabber.org/protocol/nick';

export function visitorPresence(look: VisitorLook): Stanza {
  return parseStanzaText(renderXml(el('presence', {}, el('status', {}, look.status), el('nick', { xmlns: NS_NICK }, look.nick)), false));
}

export function visitorMessage(to: string, body: string): Stanza {
  return parseStanzaText(renderXml(el('message', { to, type: 'chat' }, el('body', {}, body)), false));
}
