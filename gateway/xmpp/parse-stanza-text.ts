/**
 * Parses the raw stanza a REST client posts to `chat/{streamid}/xmpp` with xmpp.js' own stream
 * parser: the text is fed inside a stream root, exactly one top-level element must come out,
 * and it must be a jabber:client message, presence or iq. The element is re-serialised when
 * sent, so nothing the client wrote can escape it onto the user's stream.
 * Before the parser sees it, the text is bounded (gateway/xml's stanza limits): over maxBytes is
 * a 413; one linear scan (gateway/xml's scanXmlText) refuses nesting deeper than maxDepth
 * (ejabberd crashes on deep stanzas), constructs left open, comments and PIs (400). Text the
 * scan accepts keeps ltx linear; it is written to the parser in one piece, so text at its end
 * is followed by the root's closing tag (ltx is quadratic on text with no `<` after it).
 * References: RFC 6120 §8 (stanzas), §11.1 (XML restrictions); ofchat-api.md §5.7 (POST xmpp).
 */
import { Parser, type Element } from '@xmpp/xml';
import { badRequest, GatewayError } from '../errors/index.js';
import { DEFAULT_STANZA_LIMITS, forbiddenXmlChar, scanXmlText, stanzaSizeProblem, type StanzaLimits } from '../xml/index.js';
import { isStanzaName, NS_CLIENT } from './namespaces.js';

const ROOT_OPEN = '<stream>';
const ROOT_CLOSE = '</stream>';

/** The text fed to xmpp.js' parser inside a stream root: the top-level elements, the root's ends, the first failure. */
function parseInRoot(text: string): { elements: Element[]; ends: number; failure: string | undefined } {
  const parser = new Parser();
  const out = { elements: [] as Element[], ends: 0, failure: undefined as string | undefined };
  parser.on('element', (el) => out.elements.push(el));
  parser.on('end', () => (out.ends += 1));
  parser.on('error', (err) => (out.failure ??= (err as unknown as Error).message ?? 'malformed XML'));
  try {
    parser.write(ROOT_OPEN + text + ROOT_CLOSE);
  } catch (err) {
    out.failure ??= (err as Error).message ?? 'malformed XML';
  }
  return out;
}

/**
 * A stanza ofgate itself serialised (kept-as-text.ts), parsed back without the input checks:
 * undefined when the text is not exactly one element (never for what xmpp.js wrote).
 */
export function parseWrittenStanza(text: string): Element | undefined {
  const { elements, ends, failure } = parseInRoot(text);
  const el = elements[0];
  if (failure || ends !== 1 || elements.length !== 1 || !el) return undefined;
  el.parent = null;
  return el;
}

/** Refuses text that may not reach the parser: too large (413), forbidden characters, too deep or left open (400). */
function checkBeforeParsing(text: string, limits: StanzaLimits): void {
  const tooLarge = stanzaSizeProblem(Buffer.byteLength(text), limits.maxBytes);
  if (tooLarge) throw new GatewayError('payload-too-large', tooLarge, { resource: 'xmpp' });
  const found = forbiddenXmlChar(text);
  if (found) throw badRequest(`The stanza contains ${found}, a character XML cannot carry`, { resource: 'xmpp' });
  const scan = scanXmlText(text, limits.maxDepth);
  if (!scan.ok) throw badRequest(`Malformed XML stanza: ${scan.problem}`, { resource: 'xmpp' });
}

export function parseStanzaText(text: string, limits: StanzaLimits = DEFAULT_STANZA_LIMITS): Element {
  checkBeforeParsing(text, limits);
  const { elements, ends, failure } = parseInRoot(text);
  if (failure) throw badRequest(`Malformed XML stanza: ${failure}`, { resource: 'xmpp' });
  if (ends !== 1 || elements.length !== 1) {
    throw badRequest('Expected exactly one complete XML stanza', { resource: 'xmpp' });
  }
  const el = elements[0] as Element;
  if (!isStanzaName(el.name)) throw badRequest(`Only message, presence and iq stanzas may be sent, not '${el.name}'`, { resource: 'xmpp' });
  const ns = el.attrs.xmlns;
  if (ns !== undefined && ns !== NS_CLIENT) throw badRequest(`Stanzas must be in the ${NS_CLIENT} namespace`, { resource: 'xmpp' });
  el.parent = null;
  return el;
}
