/**
 * What an admin may name a workgroup and its members, and how a member list is read from the
 * wire. A workgroup is addressed as `{name}@workgroup.{domain}`, so its name is a JID local part
 * (ofchat's rule); members are user names, local parts too. Both are folded to lower case, as
 * ejabberd's nodeprep would, so `Sales` and `sales` are one workgroup. Pure.
 *
 * Rules: every refusal is a 400 naming the field (`name`, `members`, `description`); nothing is
 * silently dropped except empty items between separators and repeated members.
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

/**
 * A member list from text: items separated by commas and/or whitespace, trimmed, empty items
 * dropped, lower-cased, first occurrence kept. A 400 naming `members` for a bad user name.
 */
export function parseMembers(text: string): string[] {
  return memberList(text.split(/[,\s]+/u));
}

/** The same checks over items already split (an entity's list, a service call). */
export function memberList(items: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const m = item.trim().toLowerCase();
    if (m === '') continue;
    if (!isValidLocal(m)) throw badRequest(`members: "${item.trim()}" is not a user name`, { resource: 'members' });
    if (!out.includes(m)) out.push(m);
  }
  if (out.length > MAX_MEMBERS) throw badRequest(`members: at most ${MAX_MEMBERS}`, { resource: 'members' });
  return out;
}
