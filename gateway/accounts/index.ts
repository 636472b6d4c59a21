/** Accounts: users, vCard name/email, user properties, shared roster groups, rosters, lockouts. */
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';

export interface AccountsDeps {
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
}

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Accounts {}

export function createAccounts(_deps: AccountsDeps): Accounts {
  return {};
}
