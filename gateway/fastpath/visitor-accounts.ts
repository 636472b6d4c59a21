/**
 * A visitor's short-lived ejabberd account and its chat stream. Each ask gets a fresh account
 * (`fpv-` + random, never reused by another visitor) with a random password nobody keeps; its
 * stream is opened password-less (an admin-issued token, as every ofgate stream without a
 * password), so the visitor can join its support room and talk. Removing the account ends the
 * stream wherever it lives (ejabberd closes a removed user's sessions; the instance holding it
 * then drops it).
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { VISITOR_ACCOUNT_PREFIX } from './visitor-room-events.js';

const SYSTEM: Principal = { kind: 'secret' };
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case letters and digits, from the system's random source. */
export function randomName(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export interface VisitorAccountsDeps {
  readonly backend: Pick<EjabberdBackend, 'registerUser' | 'unregisterUser'>;
  readonly login: (principal: Principal, username: string, body: string) => Promise<string>;
  readonly log: Logger;
}

export interface VisitorAccounts {
  /** A fresh account name (nothing is created yet). */
  newName(): string;
  /** Creates the account and opens its stream; its stream id. A failed login removes the account again. */
  open(account: string): Promise<string>;
  /** Opens the account's stream again (after a restart); its stream id. */
  reopen(account: string): Promise<string>;
  /** Removes the account (its stream ends with it); an account already gone is success. */
  remove(account: string): Promise<void>;
}

export function createVisitorAccounts(d: VisitorAccountsDeps): VisitorAccounts {
  const remove = async (account: string): Promise<void> => {
    try {
      await d.backend.unregisterUser(account);
    } catch (err) {
      if (!(err instanceof GatewayError && err.kind === 'not-found')) throw err;
    }
  };
  return {
    remove,
    reopen: (account) => d.login(SYSTEM, account, ''),
    newName: () => `${VISITOR_ACCOUNT_PREFIX}${randomName(12)}`,
    async open(account) {
      await d.backend.registerUser(account, randomBytes(24).toString('base64url'));
      try {
        return await d.login(SYSTEM, account, '');
      } catch (err) {
        await remove(account).catch((e: unknown) => d.log.warn('fastpath: cannot remove a visitor account whose stream failed', { account, error: e as Error }));
        throw err;
      }
    },
  };
}
