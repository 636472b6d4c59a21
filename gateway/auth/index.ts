export { clientAddressOf, createAuthenticator, decodeBasic, lockedAccount, type Authenticate, type AuthenticatorOptions } from './authenticator.js';
export { CREDENTIAL_STAMPS, createCredentialStamps, type CredentialStamps } from './credential-stamps.js';
export { dropCredentialsOnChange } from './credential-drops.js';
export type { KeptRecords } from './kept-records.js';
export { createLoginThrottle, LOGIN_FAILURES, type LoginThrottle, type LoginThrottleSettings } from './login-throttle.js';
export { actsFor, assertActsFor, isAdmin, type Principal } from './principal.js';
export { matchesDigest, secretDigest } from './secret-digest.js';
