export { createAuthenticator, decodeBasic, type Authenticate, type AuthenticatorOptions } from './authenticator.js';
export { actsFor, assertActsFor, isAdmin, type Principal } from './principal.js';
export { matchesDigest, secretDigest } from './secret-digest.js';
