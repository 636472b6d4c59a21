/**
 * A non-2xx mod_http_api answer → the reason and hint command-failure.ts translates.
 * Bodies are `{"status":"error","code":N,"message":"…"}` or a bare JSON string.
 * References: ejabberd 23.01 mod_http_api:handle/4, perform_call/4, json_error/3; notes §5.
 */
import type { FailureHint } from '../command-failure.js';

export interface HttpApiFailure {
  readonly reason: string;
  readonly hint: FailureHint;
}

/** Endpoint not found (the command name is no atom yet) or unknown_command (it is, but no command has it). */
const UNKNOWN_COMMAND_CODE = 40;

export function readHttpApiFailure(status: number, body: unknown): HttpApiFailure {
  const structured = typeof body === 'object' && body !== null ? (body as { code?: unknown; message?: unknown }) : undefined;
  const reason = typeof body === 'string' ? body : typeof structured?.message === 'string' ? structured.message : `HTTP ${status}`;
  if ((status === 404 && structured?.code === UNKNOWN_COMMAND_CODE) || reason === 'unknown_command') {
    return { reason, hint: 'unknown-command' };
  }
  return { reason, hint: hintOf(status) };
}

function hintOf(status: number): FailureHint {
  if (status === 409) return 'conflict';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'credentials';
  if (status >= 400 && status < 500) return 'rejected';
  return 'internal';
}
