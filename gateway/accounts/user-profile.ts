/**
 * A user's name and email. Openfire keeps them on the user; ejabberd has no such fields, so
 * they live in the user's vCard (FN, EMAIL), where XMPP clients look for them as well.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';

export interface UserProfile {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
}

export async function readProfile(backend: EjabberdBackend, user: string): Promise<UserProfile> {
  const [name, email] = await Promise.all([backend.getVcardField(user, 'FN'), backend.getVcardField(user, 'EMAIL')]);
  return { name, email };
}

/** Writes the fields that are given; absent fields keep their value. */
export async function writeProfile(backend: EjabberdBackend, user: string, profile: UserProfile): Promise<void> {
  if (profile.name !== undefined) await backend.setVcardField(user, 'FN', profile.name);
  if (profile.email !== undefined) await backend.setVcardField(user, 'EMAIL', profile.email);
}
