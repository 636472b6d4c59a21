/**
 * The one JID module: how ofgate splits, checks, folds and writes JIDs. Two kinds of input:
 * - what a client gave (path, query, body values): parseJid / parseUserJid check every part
 *   and fold local and domain to lower case, as ejabberd's nodeprep/nameprep would;
 * - what a server sent (stanza `from`, command results): splitJid / bareOf only split, they
 *   trust the text (ejabberd already prepped it) and never throw.
 * Rules kept (RFC 7622 §3): a part is at most 1023 bytes; the local part holds none of
 * " & ' / : < > @, whitespace or control characters; the domain has no empty label and none of
 * those characters either; a resource, when there is a '/', is non-empty and holds no control
 * character. The resource follows the first '/', the local part precedes the first '@' before it.
 * Not done: full PRECIS/IDNA profiles (ejabberd applies its own prep and answers bad names).
 * References: RFC 7622 §3.1 (form), §3.2 (domainpart), §3.3 (localpart), §3.4 (resourcepart).
 */

export interface Jid {
  /** '' for a domain JID (a server, a MUC service, a gateway). */
  readonly local: string;
  readonly domain: string;
  /** '' for a bare JID. */
  readonly resource: string;
}

const MAX_PART_BYTES = 1023;
const LOCAL_FORBIDDEN = /["&'/:<>@\s\u0000-\u001f\u007f]/u;
const DOMAIN_FORBIDDEN = LOCAL_FORBIDDEN;
const RESOURCE_FORBIDDEN = /[\u0000-\u001f\u007f]/u;

// a UTF-16 code unit is at most 3 bytes of UTF-8: short parts need no count
const fits = (part: string): boolean => part !== '' && (part.length * 3 <= MAX_PART_BYTES || Buffer.byteLength(part) <= MAX_PART_BYTES);

export function isValidLocal(local: string): boolean {
  return fits(local) && !LOCAL_FORBIDDEN.test(local);
}

export function isValidDomain(domain: string): boolean {
  // no empty label: no leading, trailing or doubled dot
  return fits(domain) && !DOMAIN_FORBIDDEN.test(domain) && !domain.startsWith('.') && !domain.endsWith('.') && !domain.includes('..');
}

export function isValidResource(resource: string): boolean {
  return fits(resource) && !RESOURCE_FORBIDDEN.test(resource);
}

/** Splits a JID a server sent; no checks, no case folding. `example.org` → domain only. */
export function splitJid(text: string): Jid {
  const slash = text.indexOf('/');
  const bareText = slash < 0 ? text : text.slice(0, slash);
  const resource = slash < 0 ? '' : text.slice(slash + 1);
  const at = bareText.indexOf('@');
  return at < 0 ? { local: '', domain: bareText, resource } : { local: bareText.slice(0, at), domain: bareText.slice(at + 1), resource };
}

/**
 * A JID a client gave, checked, local and domain lower-cased; undefined when it is not one.
 * The caller trims. Without '@' it is a domain JID (a server, a roster gateway).
 */
export function parseJid(text: string): Jid | undefined {
  const slash = text.indexOf('/');
  const bareText = slash < 0 ? text : text.slice(0, slash);
  const at = bareText.indexOf('@');
  const local = at < 0 ? '' : bareText.slice(0, at).toLowerCase();
  const domain = bareText.slice(at + 1).toLowerCase();
  const resource = slash < 0 ? '' : text.slice(slash + 1);
  if (at >= 0 && !isValidLocal(local)) return undefined;
  if (!isValidDomain(domain)) return undefined;
  if (slash >= 0 && !isValidResource(resource)) return undefined;
  return { local, domain, resource };
}

/** A user named by a name or a JID: `Alice` → alice@defaultDomain; a local part is required. */
export function parseUserJid(text: string, defaultDomain: string): Jid | undefined {
  const slash = text.indexOf('/');
  const bareText = slash < 0 ? text : text.slice(0, slash);
  const jid = parseJid(bareText.includes('@') ? text : `${bareText}@${defaultDomain}${text.slice(bareText.length)}`);
  return jid && jid.local !== '' ? jid : undefined;
}

/** `local@domain` (or the domain alone). */
export function bare(jid: Pick<Jid, 'local' | 'domain'>): string {
  return jid.local === '' ? jid.domain : `${jid.local}@${jid.domain}`;
}

/** `local@domain/resource` (bare when there is no resource). */
export function full(jid: Jid): string {
  return jid.resource === '' ? bare(jid) : `${bare(jid)}/${jid.resource}`;
}

/** `room@service` + `nick` → `room@service/nick` (an occupant, a full JID). */
export function withResource(bareJid: string, resource: string): string {
  return `${bareJid}/${resource}`;
}

/** The lower-cased bare part of a JID a server sent (no checks). */
export function bareOf(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}

/** The resource of a JID a server sent; '' for a bare JID. */
export function resourceOf(jid: string): string {
  return splitJid(jid).resource;
}

/** Same account (or room): the bare parts equal, case aside. */
export function sameBare(a: string, b: string): boolean {
  return bareOf(a) === bareOf(b);
}

/** The JID is on this server's domain (case aside). */
export function isLocal(jid: Pick<Jid, 'domain'>, domain: string): boolean {
  return jid.domain.toLowerCase() === domain.toLowerCase();
}
