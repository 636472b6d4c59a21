/**
 * User names and JIDs as Openfire's REST API takes them, turned into what ejabberd stores:
 * lower-cased local parts (ejabberd nodeprep's them as well) and bare JIDs.
 * References: RFC 7622 §3.3 (localpart, the characters nodeprep prohibits); XEP-0106 (JID
 * escaping, which Openfire's legacy userservice applies to its `username`).
 */

/** ASCII characters a localpart may not hold (RFC 7622 §3.3.1), plus whitespace and controls. */
const NODE_FORBIDDEN = /[\s"&'/:<>@\u0000-\u001f\u007f]/u;
const MAX_PART_BYTES = 1023;

export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidNode(node: string): boolean {
  return node !== '' && Buffer.byteLength(node) <= MAX_PART_BYTES && !NODE_FORBIDDEN.test(node);
}

/**
 * The local part a path or body names: `alice`, or `alice@host` for this host (Openfire's
 * user-groups endpoint takes both). undefined when it cannot name an account here.
 */
export function localPartOf(raw: string, host: string): string | undefined {
  let name = normalizeUsername(raw);
  const at = name.lastIndexOf('@');
  if (at >= 0) {
    if (name.slice(at + 1) !== host.toLowerCase()) return undefined;
    name = name.slice(0, at);
  }
  return isValidNode(name) ? name : undefined;
}

/**
 * A group member or admin as Openfire accepts it (a user name or a JID) as the bare JID
 * ejabberd keeps: `Alice` → `alice@host`, `Bob@Example.org/res` → `bob@example.org`.
 * undefined when it is not a JID.
 */
export function toBareJid(raw: string, host: string): string | undefined {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const bare = (slash < 0 ? text : text.slice(0, slash)).toLowerCase();
  const at = bare.lastIndexOf('@');
  const node = at < 0 ? bare : bare.slice(0, at);
  const domain = at < 0 ? host.toLowerCase() : bare.slice(at + 1);
  if (!isValidNode(node) || !isValidDomain(domain)) return undefined;
  return `${node}@${domain}`;
}

/** A roster contact: any bare JID, with or without a local part (a server or gateway JID). */
export function toContactJid(raw: string): string | undefined {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const bare = (slash < 0 ? text : text.slice(0, slash)).toLowerCase();
  const at = bare.lastIndexOf('@');
  if (at < 0) return isValidDomain(bare) ? bare : undefined;
  const node = bare.slice(0, at);
  const domain = bare.slice(at + 1);
  return isValidNode(node) && isValidDomain(domain) ? bare : undefined;
}

function isValidDomain(domain: string): boolean {
  return domain !== '' && Buffer.byteLength(domain) <= MAX_PART_BYTES && !NODE_FORBIDDEN.test(domain);
}

const ESCAPES: Readonly<Record<string, string>> = {
  ' ': '\\20', '"': '\\22', '&': '\\26', "'": '\\27', '/': '\\2f', ':': '\\3a', '<': '\\3c', '>': '\\3e', '@': '\\40',
};
const ESCAPE_SEQUENCE = /^\\(20|22|26|27|2f|3a|3c|3e|40|5c)/i;

/** XEP-0106 §4.2: escapes what a localpart cannot hold; a backslash only where it would start an escape. */
export function escapeNode(node: string): string {
  let out = '';
  for (let i = 0; i < node.length; i++) {
    const c = node.charAt(i);
    if (c === '\\' && ESCAPE_SEQUENCE.test(node.slice(i))) out += '\\5c';
    else if (/\s/u.test(c)) out += '\\20';
    else out += ESCAPES[c] ?? c;
  }
  return out;
}
