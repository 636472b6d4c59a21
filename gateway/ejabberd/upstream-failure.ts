/**
 * GatewayErrors for failures below the command level, shared by both adapters: ejabberd cannot
 * be reached, does not answer in time, or answers something that is not a command result.
 * Messages name the endpoint without credentials and never carry arguments.
 */
import { GatewayError } from '../errors/index.js';

export function unreachable(command: string, endpoint: string, cause: unknown): GatewayError {
  const code = errorCode(cause);
  return new GatewayError('upstream-unavailable', `cannot reach ejabberd at ${endpoint} for ${command}${code ? ` (${code})` : ''}`, { cause });
}

export function timedOut(command: string, endpoint: string, timeoutMs: number): GatewayError {
  return new GatewayError('upstream-timeout', `ejabberd at ${endpoint} did not answer ${command} within ${timeoutMs} ms`);
}

export function unreadable(command: string, endpoint: string, what: string): GatewayError {
  return new GatewayError('upstream-unavailable', `ejabberd at ${endpoint} gave an unusable answer to ${command}: ${what}`);
}

/** The URL without user info, query or fragment: safe for messages and logs. */
export function endpointOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** ECONNREFUSED and friends, looked up through `cause` chains (undici wraps them). */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
