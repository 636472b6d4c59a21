/**
 * The hook feeding the audit log: wraps the declared routes so that every admin-access
 * route that changes something (any method but GET) records who asked, from which address,
 * what, and how it ended (success, or the refusal's status), after the handler ran. Routes
 * with a raw handler are wrapped the same way. Reading routes are untouched. A failure to
 * write the audit entry is logged, never turned into a failure of the change itself.
 */
import type { Principal } from '../auth/index.js';
import { isGatewayError } from '../errors/index.js';
import type { RouteRequest, RouteSpec } from '../http/index.js';
import type { Logger } from '../log/index.js';
import type { AuditLog } from './audit-log.js';
import { describeChange } from './describe-change.js';

export interface AdminChangeRecorder {
  /** The log, resolved when a request comes (route factories run without services for the spec). */
  readonly audit: () => AuditLog;
  readonly log: () => Logger;
  readonly instance: () => string;
}

export const isAudited = (spec: RouteSpec): boolean => spec.access === 'admin' && spec.method !== 'get';

const who = (p: Principal | undefined): string => (p === undefined ? '' : p.kind === 'secret' ? 'secret' : p.username);

export function recordAdminChanges(specs: readonly RouteSpec[], r: AdminChangeRecorder): RouteSpec[] {
  return specs.map((spec) => (isAudited(spec) ? wrap(spec, r) : spec));
}

function wrap(spec: RouteSpec, r: AdminChangeRecorder): RouteSpec {
  const note = async (req: RouteRequest, status: number): Promise<void> => {
    const { summary, details } = describeChange({ method: spec.method, route: spec.path, params: req.params, query: req.query, status, instance: r.instance() });
    try {
      await r.audit().record({ username: who(req.principal), summary, details, node: req.clientAddress });
    } catch (error) {
      r.log().error('audit: could not record an admin change', { summary, error: error as Error });
    }
  };
  const statusOf = (error: unknown): number => (isGatewayError(error) ? error.status : 500);
  const okStatus = spec.result.kind === 'stream' ? 200 : spec.result.status;
  const out: RouteSpec = { ...spec };
  if (spec.handle) {
    const handle = spec.handle;
    Object.assign(out, {
      handle: async (req: RouteRequest) => {
        try {
          const result = await handle(req);
          await note(req, okStatus);
          return result;
        } catch (error) {
          await note(req, statusOf(error));
          throw error;
        }
      },
    });
  }
  if (spec.handleRaw) {
    const raw = spec.handleRaw;
    Object.assign(out, {
      handleRaw: async (req: RouteRequest, io: Parameters<typeof raw>[1]) => {
        try {
          await raw(req, io);
          await note(req, io.res.statusCode);
        } catch (error) {
          await note(req, statusOf(error));
          throw error;
        }
      },
    });
  }
  return out;
}
