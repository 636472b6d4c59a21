/**
 * Who asks about a workgroup on the pages' routes (docs/pages.md): an admin (or the secret), one
 * of its agents (a member), or a stranger (anyone else: no credentials, a visitor token, another
 * user). Strangers reach only public workgroups, within a rate limit per client address; a
 * workgroup that is not public answers them 404, exactly as one that does not exist, so a
 * stranger learns nothing about it.
 */
import { isAdmin, type Principal } from '../../auth/index.js';
import { forbidden, GatewayError, isGatewayError, notFound } from '../../errors/index.js';
import type { WorkgroupRecord } from '../../fastpath/index.js';
import type { RateLimit } from '../../rate-limit/index.js';
import type { RouteRequest } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

export type WorkgroupRole = 'admin' | 'agent' | 'stranger';

export interface WorkgroupCaller {
  readonly record: WorkgroupRecord;
  readonly role: WorkgroupRole;
  /** The caller's user name (admins and agents logged in as a user); undefined for the secret and strangers. */
  readonly username: string | undefined;
}

const userOf = (p: Principal | undefined): string | undefined => (p?.kind === 'user' ? p.username : undefined);

/** The workgroup named in the path and the caller's role in it (404 for an unknown workgroup). */
export async function workgroupCaller(s: RouteServices, r: RouteRequest): Promise<WorkgroupCaller> {
  const raw = r.params.workgroup ?? '';
  let record: WorkgroupRecord;
  try {
    record = await s.workgroups.get(raw);
  } catch (err) {
    // a name that is no workgroup name cannot name one: 404 as for any unknown workgroup
    if (isGatewayError(err) && err.kind === 'bad-request') throw notFound(`Workgroup ${raw} not found`, { resource: raw });
    throw err;
  }
  const p = r.principal;
  const username = userOf(p);
  const role: WorkgroupRole = p && isAdmin(p) ? 'admin' : username !== undefined && record.state.members.includes(username) ? 'agent' : 'stranger';
  return { record, role, username };
}

/** A stranger may go on only for a public workgroup (404 otherwise) and within the limits (429). */
export async function admitStranger(s: RouteServices, r: RouteRequest, c: WorkgroupCaller, limits: ReadonlyArray<{ key: string; limit: RateLimit }>): Promise<void> {
  if (c.role !== 'stranger') return;
  const name = c.record.state.name;
  if (!c.record.state.settings.public) throw notFound(`Workgroup ${name} not found`, { resource: name });
  const decision = await s.rateLimiter.take(limits);
  if (!decision.allowed) throw new GatewayError('too-many-requests', 'Too many requests: retry later', { resource: name, retryAfterSeconds: decision.retryAfterSeconds });
}

/** Agents and admins only: a stranger gets 404 for a workgroup that is not public (as unknown), 403 otherwise. */
export function assertStaff(c: WorkgroupCaller): void {
  if (c.role !== 'stranger') return;
  const name = c.record.state.name;
  if (!c.record.state.settings.public) throw notFound(`Workgroup ${name} not found`, { resource: name });
  throw forbidden(`Only the agents of ${name} and admins may do this`, { resource: name });
}

/** Admins only (agents get 403, strangers as assertStaff). */
export function assertAdmin(c: WorkgroupCaller): void {
  assertStaff(c);
  if (c.role !== 'admin') throw forbidden('Admin rights required', { resource: c.record.state.name });
}

/** A rate limit of `n` per minute. */
export const perMinute = (n: number): RateLimit => ({ limit: n, windowMs: 60_000 });
