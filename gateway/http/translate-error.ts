/** Turns anything thrown while serving a request into a GatewayError (once, here). */
import { GatewayError, isGatewayError } from '../errors/index.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Error names of the store and of the Redis client (matched by name: http/ does not import them). */
const SHARED_STATE_FAILURES = new Set(['StorePersistError', 'StoreConflictError', 'MaxRetriesPerRequestError', 'ReplyError']);

export function toGatewayError(err: unknown): { error: GatewayError; unexpected: boolean } {
  if (isGatewayError(err)) return { error: err, unexpected: false };
  const e = (err ?? {}) as HttpishError & Error;
  const status = e.status ?? e.statusCode;
  // body-parser and express-xml-bodyparser errors
  if (e.type === 'entity.too.large' || status === 413) {
    return { error: new GatewayError('payload-too-large', 'Request body too large'), unexpected: false };
  }
  if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return { error: new GatewayError('bad-request', 'Malformed request body'), unexpected: false };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { error: new GatewayError('bad-request', 'Malformed request'), unexpected: false };
  }
  if (e instanceof Error && /Unexpected|Non-whitespace|Unclosed|Invalid character|Attribute without value|Text data outside/i.test(e.message)) {
    return { error: new GatewayError('bad-request', 'Malformed XML body'), unexpected: false };
  }
  if (e instanceof Error && SHARED_STATE_FAILURES.has(e.name)) {
    // the store (Redis, the disk) failed: nothing was changed that a retry would repeat wrongly
    return { error: new GatewayError('upstream-unavailable', 'ofgate\'s state store is unavailable: retry'), unexpected: false };
  }
  if (e instanceof Error && /^(Connection is closed|Command timed out|Stream isn't writeable)/.test(e.message)) {
    return { error: new GatewayError('upstream-unavailable', 'ofgate\'s state store is unavailable: retry'), unexpected: false };
  }
  return { error: new GatewayError('internal', 'Internal error'), unexpected: true };
}
