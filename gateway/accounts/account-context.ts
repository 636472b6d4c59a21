/** What the account services share: the backend, ofgate's own account data, the user check. */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { GroupAdmins } from './group-admins.js';
import type { RequireUser } from './user-lookup.js';
import type { UserProperties } from './user-properties.js';

export interface AccountContext {
  readonly backend: EjabberdBackend;
  readonly properties: UserProperties;
  readonly admins: GroupAdmins;
  readonly requireUser: RequireUser;
  readonly log: Logger;
  /** `user@host` for a local part. */
  jidOf(user: string): string;
}
