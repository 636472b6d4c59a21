/**
 * A client's user name and password as a register gives them, checked before anything is
 * reserved or created. The name must match the configured pattern (default: lower-case letters,
 * digits, '.', '_', '-', at most 64) and be a valid XMPP local part whatever the pattern allows,
 * so quotes, ';', '$(…)', '/', '@' and spaces never reach ejabberd. Errors name the field and
 * never repeat the password. Pure.
 */
import { badRequest } from '../errors/index.js';
import { isValidLocal } from '../jid/index.js';

export const MAX_PASSWORD_LENGTH = 1024;

/** The account's local part (lower case, as ejabberd folds it). */
export function clientName(raw: string, pattern: RegExp): string {
  if (raw === '') throw badRequest('username: empty', { resource: 'username' });
  if (!pattern.test(raw)) throw badRequest(`username: must match ${pattern.source}`, { resource: 'username' });
  if (!isValidLocal(raw)) throw badRequest('username: not a valid XMPP user name (no quotes, spaces, \'/\', \'@\', \':\', \'&\', \'<\' or \'>\')', { resource: 'username' });
  return raw.toLowerCase();
}

export function clientPassword(raw: string): string {
  if (raw === '') throw badRequest('password: empty', { resource: 'password' });
  if (raw.length > MAX_PASSWORD_LENGTH) throw badRequest(`password: at most ${MAX_PASSWORD_LENGTH} characters`, { resource: 'password' });
  return raw;
}
