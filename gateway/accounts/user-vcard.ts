/**
 * A user's whole vCard (vcard-temp, XEP-0054) as raw XML, for the REST API plugin's
 * users/{username}/vcard. ejabberd 23.01's API only reads and writes single fields, so the
 * vCard is read and written over XMPP, on the user's own short-lived password-less stream
 * (the port `VcardStreams`: the session pool's withTemporaryStream), where ejabberd's
 * mod_vcard stores it exactly as every XMPP client sees it.
 * Rules kept:
 * - the account must exist (404 UserNotFoundException), as for the other users/{u} routes;
 * - the client's text is parsed by gateway/xmpp's parseStanzaText inside an iq wrapper, so the
 *   stanza limits apply (size 413; depth, forbidden characters, DOCTYPE, comments and PIs
 *   400) and the iq must come out whole: text that closes the wrapper early to smuggle a
 *   second stanza is refused (400), never sent;
 * - the wrapper must hold exactly one element, `<vCard xmlns="vcard-temp">`, and nothing else
 *   but white space (400 IllegalArgumentException otherwise); a leading XML declaration (which
 *   Openfire's parser accepts) is dropped first;
 * - reading: a vCard with no child element (what ejabberd answers when none was stored, or
 *   after a delete) is "none" (the plugin then answers 204);
 * - deleting stores the empty vCard (XEP-0054 has no delete; ejabberd then answers it empty).
 * References: XEP-0054 §3; REST API plugin UserVCardService, UserServiceController
 * getUserVCard/setUserVCard/deleteUserVCard; ejabberd 23.01 mod_vcard process_sm_iq.
 */
import { GatewayError, isGatewayError, notImplemented } from '../errors/index.js';
import { DEFAULT_STANZA_LIMITS, el, renderXml, type StanzaLimits } from '../xml/index.js';
import { parseStanzaText, type Stanza, type UserStream } from '../xmpp/index.js';
import { illegalArgument } from './account-errors.js';
import type { RequireUser } from './user-lookup.js';

export const NS_VCARD = 'vcard-temp';

/** Runs `fn` on the user's own brief stream (closed afterwards); the session pool is one. */
export interface VcardStreams {
  withTemporaryStream<T>(username: string, fn: (stream: Pick<UserStream, 'request'>) => Promise<T>): Promise<T>;
}

export interface UserVcards {
  /** The vCard as XML text; undefined when the user has none. */
  get(username: string): Promise<string | undefined>;
  /** Replaces the vCard with `xml` (one `<vCard xmlns="vcard-temp">`). */
  set(username: string, xml: string): Promise<void>;
  delete(username: string): Promise<void>;
}

export interface UserVcardDeps {
  /** undefined: no streams to open (the operations answer 501 NotImplementedException). */
  readonly streams: VcardStreams | undefined;
  readonly requireUser: RequireUser;
  /** Largest stanza sent (server.stanzaMaxBytes); default: gateway/xml's. */
  readonly stanzaMaxBytes?: number | undefined;
}

// The client's text goes between these two; parseStanzaText then has to find one whole iq.
const WRAP_OPEN = '<iq type="set">';
const WRAP_CLOSE = '</iq>';
const XML_DECLARATION = /^\uFEFF?\s*<\?xml\s[^<>]*\?>/;

const isElement = (c: unknown): c is Stanza => typeof c === 'object' && c !== null;

/** The `<iq type="set">` carrying the client's vCard, or a 400 naming what is wrong with it. */
export function vcardSetIq(text: string, user: string, limits: StanzaLimits = DEFAULT_STANZA_LIMITS): Stanza {
  const body = text.replace(XML_DECLARATION, "").trim();
  if (body.trim() === '') throw illegalArgument('Could not parse the provided data as a vCard: the body is empty', user);
  let iq: Stanza;
  try {
    iq = parseStanzaText(WRAP_OPEN + body + WRAP_CLOSE, limits);
  } catch (err) {
    if (isGatewayError(err) && err.kind === 'bad-request') throw illegalArgument(`Could not parse the provided data as a vCard: ${err.message}`, user);
    if (isGatewayError(err)) throw new GatewayError(err.kind, err.message, { resource: user, cause: err });
    throw err;
  }
  const elements = iq.children.filter(isElement);
  const stray = iq.children.some((c) => typeof c === 'string' && c.trim() !== '');
  const [vcard] = elements;
  if (elements.length !== 1 || stray || !vcard || vcard.name !== 'vCard' || vcard.attrs.xmlns !== NS_VCARD) {
    throw illegalArgument(`Could not parse the provided data as a vCard: expected exactly one vCard element in the ${NS_VCARD} namespace`, user);
  }
  return iq;
}

const getIq = (): Stanza => parseStanzaText(renderXml(el('iq', { type: 'get' }, el('vCard', { xmlns: NS_VCARD })), false));
const emptySetIq = (): Stanza => parseStanzaText(renderXml(el('iq', { type: 'set' }, el('vCard', { xmlns: NS_VCARD })), false));

/** The vCard of an iq result as text; undefined when it is absent or has no element inside. */
export function vcardOfResult(result: Stanza): string | undefined {
  const vcard = result.getChild('vCard', NS_VCARD);
  if (!vcard || !vcard.children.some(isElement)) return undefined;
  vcard.parent = null;
  return vcard.toString();
}

export function createUserVcards(d: UserVcardDeps): UserVcards {
  const limits: StanzaLimits = d.stanzaMaxBytes === undefined ? DEFAULT_STANZA_LIMITS : { ...DEFAULT_STANZA_LIMITS, maxBytes: d.stanzaMaxBytes };
  const ask = (user: string, iq: Stanza, what: string): Promise<Stanza> => {
    if (!d.streams) throw notImplemented('vCards are read and written on the user\'s XMPP stream, and none can be opened here', { resource: user });
    return d.streams.withTemporaryStream(user, (s) => s.request(iq, what));
  };
  return {
    async get(username) {
      const user = await d.requireUser(username);
      return vcardOfResult(await ask(user, getIq(), 'vCard: read'));
    },
    async set(username, xml) {
      const user = await d.requireUser(username);
      await ask(user, vcardSetIq(xml, user, limits), 'vCard: write');
    },
    async delete(username) {
      const user = await d.requireUser(username);
      await ask(user, emptySetIq(), 'vCard: delete');
    },
  };
}
