/**
 * GET logs/security: ofgate's audit log of admin changes (gateway/audit), in the plugin's
 * SecurityAuditLogs entity, newest first. Query as the plugin: username, offset, limit (100),
 * startTime and endTime in epoch seconds.
 * References: Openfire REST API plugin SecurityAuditLogService, entity/SecurityAuditLog(s).java.
 */
import { createAuditLog, type AuditLog } from '../../audit/index.js';
import { entity, list, scalar } from '../../entities/index.js';
import { badRequest } from '../../errors/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

/** How long an audit entry is kept. */
export const AUDIT_RETENTION_MS = 90 * 24 * 3600 * 1000;
const MAX_LIMIT = 1000;

export const securityLogEntity = entity('log', 'SecurityAuditLog', 'One admin change.', {
  logId: scalar('int', 'Unique id (time-ordered)'),
  username: scalar('string', 'The admin account that made it ("secret": the shared secret)'),
  timestamp: scalar('int', 'When, in seconds since the Unix epoch'),
  summary: scalar('string', 'Method and route, and "refused (status)" when it failed'),
  node: scalar('string', 'The client address it came from'),
  details: scalar('string', 'Path parameters, query (secrets masked), status, the ofgate instance'),
});

export const securityLogsEntity = entity('logs', 'SecurityAuditLogs', 'Admin changes, newest first.', {
  log: list('log', securityLogEntity, { wrapper: false, modernKey: 'logs' }),
});

const cached = new WeakMap<object, AuditLog>();
/** One audit log per set of services (the store is shared by every instance). */
export const auditLogOf = (s: RouteServices): AuditLog => {
  let a = cached.get(s.store);
  if (!a) cached.set(s.store, (a = createAuditLog(s.store, { retentionMs: AUDIT_RETENTION_MS })));
  return a;
};

function whole(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw badRequest(`${name} must be an integer of at least ${min}`, { resource: name, exception: 'IllegalArgumentException' });
  return n;
}

export function securityLogRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get', path: '/logs/security', scope: 'api', tag: 'Security audit log', access: 'admin',
      summary: 'The audit log of admin changes (every non-GET admin request, kept 90 days)',
      description: 'Entries are written by every instance into the shared store. Request bodies are never logged.',
      query: [
        { name: 'username', doc: 'Only changes by this admin account ("secret": the shared secret)' },
        { name: 'offset', type: 'integer', doc: 'Entries to skip (default 0)' },
        { name: 'limit', type: 'integer', doc: 'Most entries answered (default 100, at most 1000)' },
        { name: 'startTime', type: 'integer', doc: 'Only changes at or after this time (epoch seconds)' },
        { name: 'endTime', type: 'integer', doc: 'Only changes at or before this time (epoch seconds)' },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: securityLogsEntity }, errors: [400],
      handle: async (r) => {
        const q = r.query;
        const logs = await auditLogOf(s).list({
          username: q.username === undefined || q.username === '' ? undefined : q.username,
          offset: whole(q.offset, 'offset', 0) ?? 0,
          limit: Math.min(whole(q.limit, 'limit', 1) ?? 100, MAX_LIMIT),
          startTime: whole(q.startTime, 'startTime', 0),
          endTime: whole(q.endTime, 'endTime', 0),
        });
        return ok({ log: logs });
      },
    },
  ];
}
