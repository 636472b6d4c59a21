/**
 * The ejabberd backend with the account changes that void cached credentials wired to the
 * credential stamps: after a successful password change, deletion, registration (a name made
 * again) or lock, the account's stamp is dropped (credential-stamps.ts), so every instance
 * stops trusting its cached credentials at once. Wrapping the port catches every caller (the
 * admin API, renames, the legacy userservice, the LHC node API, visitor account sweeps).
 *
 * Rules it keeps:
 * - The drop follows the ejabberd call and only when it succeeded; a failed drop (store down)
 *   rejects the call, so the caller never reports a change whose old credential lives on
 *   unannounced.
 * - Everything else is the wrapped backend's, unchanged.
 * - Changes made outside ofgate (ejabberdctl, in-band registration) are not seen: their
 *   cached credentials live until auth.credentialCacheSeconds.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { CredentialStamps } from './credential-stamps.js';

export function dropCredentialsOnChange(backend: EjabberdBackend, stamps: CredentialStamps): EjabberdBackend {
  const thenDrop = <A extends [string, ...unknown[]]>(call: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      await call(...args);
      await stamps.drop(args[0]);
    };
  return {
    ...backend,
    changePassword: thenDrop(backend.changePassword),
    unregisterUser: thenDrop(backend.unregisterUser),
    registerUser: thenDrop(backend.registerUser),
    lockUser: thenDrop(backend.lockUser),
  };
}
