/**
 * User names and JIDs as Openfire's REST API takes them, turned into what ejabberd stores:
 * lower-cased local parts and bare JIDs. The JID rules themselves live in gateway/jid; this
 * file only says how the REST API's values read (a name means a user of this host).
 * References: RFC 7622 §3.3; Openfire UserUtils.checkAndGetJID.
 */
import { bare, isLocal, isValidLocal, parseJid, parseUserJid } from '../jid/index.js';

export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * The local part a path or body names: `alice`, or `alice@host` for this host (Openfire's
 * user-groups endpoint takes both). undefined when it cannot name an account here.
 */
export function localPartOf(raw: string, host: string): string | undefined {
  const name = normalizeUsername(raw);
  if (!name.includes('@')) return isValidLocal(name) ? name : undefined;
  const jid = parseJid(name);
  return jid && jid.resource === '' && isLocal(jid, host) ? jid.local : undefined;
}

/**
 * A group member or admin as Openfire accepts it (a user name or a JID) as the bare JID
 * ejabberd keeps: `Alice` → `alice@host`, `Bob@Example.org/res` → `bob@example.org`.
 * undefined when it is not a JID.
 */
export function toBareJid(raw: string, host: string): string | undefined {
  const jid = parseUserJid(raw.trim(), host.toLowerCase());
  return jid && bare(jid);
}

/** A roster contact: any bare JID, with or without a local part (a server or gateway JID). */
export function toContactJid(raw: string): string | undefined {
  const jid = parseJid(raw.trim());
  return jid && bare(jid);
}
