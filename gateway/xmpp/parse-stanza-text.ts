/**
 * Parses the raw stanza a REST client posts to `chat/{streamid}/xmpp` with xmpp.js' own stream
 * parser: the text is fed inside a stream root, exactly one top-level element must come out,
 * and it must be a jabber:client message, presence or iq. The element is re-serialised when
 * sent, so nothing the client wrote can escape it onto the user's stream.
 * References: RFC 6120 §8 (stanzas); ofchat-api.md §5.7 (POST xmpp).
 */
import { Parser, type Element } from '@xmpp/xml';
import { badRequest } from '../errors/index.js';
import { NS_CLIENT } from './namespaces.js';

const STANZAS = new Set(['message', 'presence', 'iq']);
const ROOT_OPEN = '<stream>';
const ROOT_CLOSE = '</stream>';

export function parseStanzaText(text: string): Element {
  const parser = new Parser();
  const elements: Element[] = [];
  let ends = 0;
  let failure: string | undefined;
  parser.on('element', (el) => elements.push(el));
  parser.on('end', () => (ends += 1));
  parser.on('error', (err) => (failure ??= (err as unknown as Error).message ?? 'malformed XML'));
  try {
    parser.write(ROOT_OPEN);
    parser.write(text);
    parser.write(ROOT_CLOSE);
  } catch (err) {
    failure ??= (err as Error).message;
  }
  if (failure) throw badRequest(`Malformed XML stanza: ${failure}`, { resource: 'xmpp' });
  if (ends !== 1 || elements.length !== 1) {
    throw badRequest('Expected exactly one complete XML stanza', { resource: 'xmpp' });
  }
  const el = elements[0] as Element;
  if (!STANZAS.has(el.name)) throw badRequest(`Only message, presence and iq stanzas may be sent, not '${el.name}'`, { resource: 'xmpp' });
  const ns = el.attrs.xmlns;
  if (ns !== undefined && ns !== NS_CLIENT) throw badRequest(`Stanzas must be in the ${NS_CLIENT} namespace`, { resource: 'xmpp' });
  el.parent = null;
  return el;
}
