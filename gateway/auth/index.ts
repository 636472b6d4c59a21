export { createAuthenticator, decodeBasic, type Authenticate, type AuthenticatorOptions } from './authenticator.js';
export { actsFor, assertActsFor, describePrincipal, isAdmin, type Principal } from './principal.js';
