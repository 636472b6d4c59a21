/**
 * Who is asking. Admin acts need an admin account or the shared secret; a user's credentials
 * act for that user only (ofchat let any valid user do anything; ofgate does not).
 */
import { GatewayError } from '../errors/index.js';

export type Principal =
  | { readonly kind: 'secret' }
  | { readonly kind: 'user'; readonly username: string; readonly admin: boolean };

export function isAdmin(p: Principal): boolean {
  return p.kind === 'secret' || p.admin;
}

/** May `p` act for `username` (its streams, its properties, its history)? */
export function actsFor(p: Principal, username: string): boolean {
  return isAdmin(p) || (p.kind === 'user' && p.username === username.toLowerCase());
}

export function assertActsFor(p: Principal, username: string): void {
  if (!actsFor(p, username)) {
    throw new GatewayError('forbidden', 'These credentials may act only for their own user', { resource: username });
  }
}
