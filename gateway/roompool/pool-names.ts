/**
 * Names and secrets of the room pool: room names `<site>_<64 hex>.<n>` (helpdesk-peers.md
 * C.4; HelpIM's `<n>` only grew when a name repeated, so it is always `.0` here), 64-hex room
 * passwords and ticket ids, all from the CSPRNG (HelpIM used a time-seeded Mersenne Twister).
 * And the checks of what the API is given: accounts, departments, priorities.
 *
 * Rules: only names matching the site's pattern are the pool's (the bot never touches another
 * room); a department is 1–64 characters after trimming (any characters: it is data, escaped
 * wherever it is written, and never reaches a room option); an account is a local part or a
 * bare JID of ofgate's domain.
 */
import { randomBytes } from 'node:crypto';
import { literalPattern } from '../../hooks/index.js';
import { badRequest } from '../errors/index.js';
import { bare, parseUserJid } from '../jid/index.js';

export const SITE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export const newRoomName = (site: string): string => `${site}_${randomBytes(32).toString('hex')}.0`;
export const newRoomPassword = (): string => randomBytes(32).toString('hex');
export const newTicketId = (): string => randomBytes(16).toString('hex');

/** Is `name` (a room's local part) one of this site's pool rooms? */
export function isPoolRoom(site: string, name: string): boolean {
  if (!name.startsWith(`${site}_`)) return false;
  const rest = name.slice(site.length + 1);
  const dot = rest.lastIndexOf('.');
  return dot === 64 && HEX64.test(rest.slice(0, 64)) && /^\d{1,6}$/.test(rest.slice(65));
}

/** The bare JIDs of this site's pool rooms on `mucService`, as a message-selector pattern (hooks/message-selector.ts). */
export function poolRoomPattern(site: string, mucService: string): string {
  return `^${literalPattern(site)}_[0-9a-f]{64}\\.[0-9]{1,6}@${literalPattern(mucService.toLowerCase())}$`;
}

/** A room named in a path: the pool's own name, or 404-worthy garbage (undefined). */
export function roomNameOf(site: string, text: string): string | undefined {
  const name = text.trim().toLowerCase().split('@')[0] ?? '';
  return isPoolRoom(site, name) ? name : undefined;
}

export const isTicketId = (text: string): boolean => /^[0-9a-f]{32}$/.test(text);

/** An account of ofgate's domain given as `user` or `user@domain`: its bare JID; 400 otherwise. */
export function accountOf(field: string, raw: unknown, domain: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest(`${field}: an account (user name or bare JID) is required`, { resource: field });
  const jid = parseUserJid(raw.trim(), domain);
  if (!jid || jid.local === '' || jid.resource !== '' || jid.domain !== domain.toLowerCase()) {
    throw badRequest(`${field}: not an account of ${domain}`, { resource: field });
  }
  return bare(jid);
}

export function departmentOf(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') throw badRequest('department: a string', { resource: 'department' });
  const d = raw.trim();
  if (d.length === 0 || d.length > 64) throw badRequest('department: 1 to 64 characters', { resource: 'department' });
  return d;
}

export function priorityOf(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 10;
  const n = typeof raw === 'string' && /^-?\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -1000 || n > 1000) throw badRequest('priority: a whole number from -1000 to 1000 (HelpIM: High 100, Normal 10)', { resource: 'priority' });
  return n;
}

export const isHex64 = (s: string): boolean => HEX64.test(s);
