/**
 * JIDs from REST path and query values: a contact/recipient (`user@domain`, or a bare local
 * name meaning a local user) and a room (`{room}@{service}.{domain}`), validated so that a
 * malformed value is a 400, not a stanza ejabberd rejects.
 * References: RFC 7622 §3 (JID parts); ofchat-api.md §5.7 (`{to}` bare JID, `service`).
 */
import { badRequest } from '../errors/index.js';

const LOCAL = /^[^\s"&'/:<>@]{1,1023}$/;
const DOMAIN = /^[^\s"&'/:<>@]{1,1023}$/;

/** `alice` or `alice@example.org` → bare JID (lower-cased); resources are refused. */
export function bareJid(input: string, domain: string, what = 'jid'): string {
  const value = input.trim().toLowerCase();
  const at = value.indexOf('@');
  const local = at < 0 ? value : value.slice(0, at);
  const host = at < 0 ? domain.toLowerCase() : value.slice(at + 1);
  if (!LOCAL.test(local) || !DOMAIN.test(host)) {
    throw badRequest(`Not a bare JID (user@domain): ${input}`, { resource: what });
  }
  return `${local}@${host}`;
}

/**
 * Room JID: `{room}@{service}.{domain}`; `service` defaults to the configured MUC subdomain,
 * and a full service JID (`conference.example.org`) is taken as it is.
 */
export function roomJid(room: string, service: string | undefined, domain: string, defaultService: string): string {
  const node = room.trim().toLowerCase();
  const host = domain.toLowerCase();
  const sub = (service ?? '').trim().toLowerCase() || defaultService;
  if (!LOCAL.test(node)) throw badRequest(`Not a room name: ${room}`, { resource: room });
  if (!DOMAIN.test(sub)) throw badRequest(`Not a MUC service name: ${sub}`, { resource: room });
  return `${node}@${sub.endsWith(`.${host}`) ? sub : `${sub}.${host}`}`;
}

/** Bare part of a full JID. */
export function bareOf(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}
