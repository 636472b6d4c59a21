/**
 * Names as the REST API receives them → what ejabberd is asked with: the MUC service JID
 * from `?servicename=`, the lower-cased room node, bare JIDs from JIDs or user names.
 * Bad names are rejected here (400/404) instead of reaching ejabberd, which lowercases and
 * nodepreps names itself (notes §5) but answers some malformed ones with a crash.
 * References: RFC 7622 §3.3 (localpart forbids " & ' / : < > @); Openfire UserUtils.checkAndGetJID.
 */
import { badRequest, notFound } from '../errors/index.js';

const LOCALPART_FORBIDDEN = /["&'/:<>@\s\u0000-\u001f\u007f]/u;
const DOMAIN_LABELS = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const MAX_PART = 1023;

/** `{servicename}.{domain}`; an impossible service name is a 404 like an unknown one. */
export function mucServiceJid(servicename: string | undefined, fallback: string, domain: string): string {
  const name = (servicename === undefined || servicename.trim() === '' ? fallback : servicename).trim().toLowerCase();
  if (!DOMAIN_LABELS.test(name) || name.length > MAX_PART) {
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
  if (LOCALPART_FORBIDDEN.test(name) || name.length > MAX_PART) {
    throw badRequest(`not a valid room name: ${name}`, { resource: name });
  }
  return name;
}

/** A bare JID from `user`, `user@domain` or `user@domain/resource` (resource dropped). */
export function bareJid(input: string, domain: string): string {
  const raw = input.trim();
  const slash = raw.indexOf('/');
  const noResource = slash >= 0 ? raw.slice(0, slash) : raw;
  const at = noResource.lastIndexOf('@');
  const local = (at >= 0 ? noResource.slice(0, at) : noResource).toLowerCase();
  const host = (at >= 0 ? noResource.slice(at + 1) : domain).toLowerCase();
  if (local === '' || LOCALPART_FORBIDDEN.test(local) || local.length > MAX_PART || !DOMAIN_LABELS.test(host)) {
    throw badRequest(`not a valid JID: ${raw}`, { resource: raw, exception: 'IllegalArgumentException' });
  }
  return `${local}@${host}`;
}
