/** Resolves the user a path names to an existing account, or fails the way Openfire does. */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { userNotFound } from './account-errors.js';
import { localPartOf } from './account-names.js';

/** The stored local part; UserNotFoundException (404) when there is no such account. */
export type RequireUser = (raw: string, message?: string) => Promise<string>;

export function createRequireUser(backend: EjabberdBackend): RequireUser {
  return async (raw, message) => {
    const user = localPartOf(raw, backend.host);
    if (user === undefined || !(await backend.userExists(user))) throw userNotFound(raw, message);
    return user;
  };
}
