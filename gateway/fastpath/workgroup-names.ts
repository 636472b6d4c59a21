/**
 * What an admin may name a workgroup and its members, and how a member list is read from the
 * wire. A workgroup is addressed as `{name}@workgroup.{domain}`, so its name is a JID local part
 * (ofchat's rule); members are user names, local parts too. Both are folded to lower case, as
 * ejabberd's nodeprep would, so `Sales` and `sales` are one workgroup. Pure.
 *
 * Rules: every refusal is a 400 naming the field (`name`, `members`, `description`); nothing is
 * silently dropped except empty items between separators and repeated members. A member given
 * as a bare JID of ofgate's own domain counts as its user name; any other JID is refused.
 */
import { badRequest } from '../errors/index.js';
import { isValidLocal } from '../jid/index.js';

/** Most members one workgroup holds (each one is an agent record in the workgroup's state). */
export const MAX_MEMBERS = 500;
/** Longest description, in UTF-16 code units. */
export const MAX_DESCRIPTION = 4096;

/** The workgroup name as stored, or a 400 naming `name`. */
export function workgroupName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('name: a workgroup name is required', { resource: 'name' });
  const name = raw.trim().toLowerCase();
  if (!isValidLocal(name)) throw badRequest(`name: "${raw}" is not a valid workgroup name (a JID local part: no spaces, " & ' / : < > @)`, { resource: 'name' });
  return name;
}

/** The description as stored ('' when absent), or a 400 naming `description`. */
export function workgroupDescription(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw badRequest('description: text expected', { resource: 'description' });
  if (raw.length > MAX_DESCRIPTION) throw badRequest(`description: at most ${MAX_DESCRIPTION} characters`, { resource: 'description' });
  return raw;
}

/** Splits a member list given as text: items separated by commas and/or whitespace (checked later). */
export function splitMembers(text: string): string[] {
  return text.split(/[,\s]+/u).filter((m) => m !== '');
}

/** A member list from text: splitMembers, then memberList. */
export function parseMembers(text: string, domain?: string): string[] {
  return memberList(splitMembers(text), domain);
}

/**
 * The member list as stored: each item trimmed and lower-cased, a bare JID of `domain` (what
 * Fastpath's jid-multi field took) reduced to its user name, empty items dropped, first
 * occurrence kept; a 400 naming `members` for anything else.
 */
export function memberList(items: readonly string[], domain?: string): string[] {
  const out: string[] = [];
  const suffix = domain === undefined ? undefined : `@${domain.toLowerCase()}`;
  for (const item of items) {
    let m = item.trim().toLowerCase();
    if (suffix !== undefined && m.endsWith(suffix)) m = m.slice(0, -suffix.length);
    if (m === '') continue;
    if (!isValidLocal(m)) throw badRequest(`members: "${item.trim()}" is not a user name`, { resource: 'members' });
    if (!out.includes(m)) out.push(m);
  }
  if (out.length > MAX_MEMBERS) throw badRequest(`members: at most ${MAX_MEMBERS}`, { resource: 'members' });
  return out;
}
