/**
 * Names as the REST API receives them → what ejabberd is asked with: the MUC service JID
 * from `?servicename=`, the lower-cased room node, bare JIDs from JIDs or user names.
 * Bad names are rejected here (400/404) instead of reaching ejabberd, which lowercases and
 * nodepreps names itself (notes §5) but answers some malformed ones with a crash.
 * References: RFC 7622 §3.3 (localpart forbids " & ' / : < > @); Openfire UserUtils.checkAndGetJID.
 */
import { badRequest, notFound } from '../errors/index.js';
import { bare, isValidDomain, isValidLocal, parseUserJid } from '../jid/index.js';

/** A service name is ours to choose: plain host-name labels (stricter than a JID's domain). */
const DOMAIN_LABELS = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** `{servicename}.{domain}`; an impossible service name is a 404 like an unknown one. */
export function mucServiceJid(servicename: string | undefined, fallback: string, domain: string): string {
  const name = (servicename === undefined || servicename.trim() === '' ? fallback : servicename).trim().toLowerCase();
  if (!DOMAIN_LABELS.test(name) || !isValidDomain(name)) {
    throw notFound(`MUC service not found: ${name}`, { resource: name, exception: 'MUCServiceNotFoundException' });
  }
  return `${name}.${domain}`;
}

/** The service part a client named (for error resources): conference.example.org → conference. */
export function serviceName(service: string, domain: string): string {
  return service.endsWith(`.${domain}`) ? service.slice(0, -domain.length - 1) : service;
}

export function roomNode(roomName: string | undefined): string {
  const name = (roomName ?? '').trim().toLowerCase();
  if (name === '') throw badRequest('roomName is required', { resource: 'roomName' });
  if (!isValidLocal(name)) {
    throw badRequest(`not a valid room name: ${name}`, { resource: name });
  }
  return name;
}

/** A bare JID from `user`, `user@domain` or `user@domain/resource` (resource dropped). */
export function bareJid(input: string, domain: string): string {
  const raw = input.trim();
  const jid = parseUserJid(raw, domain.toLowerCase());
  if (!jid) throw badRequest(`not a valid JID: ${raw}`, { resource: raw, exception: 'IllegalArgumentException' });
  return bare(jid);
}
