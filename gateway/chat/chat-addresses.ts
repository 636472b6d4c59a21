/**
 * JIDs from REST path and query values: a contact/recipient (`user@domain`, or a bare local
 * name meaning a local user) and a room (`{room}@{service}.{domain}`), validated (gateway/jid's
 * rules) so that a malformed value is a 400, not a stanza ejabberd rejects.
 * References: RFC 7622 §3 (JID parts); ofchat-api.md §5.7 (`{to}` bare JID, `service`).
 */
import { badRequest } from '../errors/index.js';
import { bare, isValidDomain, isValidLocal, parseUserJid } from '../jid/index.js';

/** `alice` or `alice@example.org` → bare JID (lower-cased); resources are refused. */
export function bareJid(input: string, domain: string, what = 'jid'): string {
  const jid = parseUserJid(input.trim(), domain.toLowerCase());
  if (!jid || jid.resource !== '') throw badRequest(`Not a bare JID (user@domain): ${input}`, { resource: what });
  return bare(jid);
}

/**
 * Room JID: `{room}@{service}.{domain}`; `service` defaults to the configured MUC subdomain,
 * and a full service JID (`conference.example.org`) is taken as it is.
 */
export function roomJid(room: string, service: string | undefined, domain: string, defaultService: string): string {
  const node = room.trim().toLowerCase();
  const host = domain.toLowerCase();
  const sub = (service ?? '').trim().toLowerCase() || defaultService;
  if (!isValidLocal(node)) throw badRequest(`Not a room name: ${room}`, { resource: room });
  if (!isValidDomain(sub)) throw badRequest(`Not a MUC service name: ${sub}`, { resource: room });
  return bare({ local: node, domain: sub.endsWith(`.${host}`) ? sub : `${sub}.${host}` });
}
