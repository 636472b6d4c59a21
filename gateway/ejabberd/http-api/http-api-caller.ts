/**
 * Runs ejabberd commands through mod_http_api: `POST {url}/{command}` with a JSON object of
 * named arguments, optional Basic auth with the admin's full JID, bounded by timeoutMs.
 * References: ../../../../shared/notes/ejabberd-23.01.md §2 (admin basic auth), §5.
 */
import { commandCatalog } from '../command-catalog.js';
import { isTupleList, type CallCommand, type CommandArgs, type CommandResult } from '../command-caller.js';
import { translateFailure } from '../command-failure.js';
import { UnexpectedShape } from '../result-format.js';
import { endpointOf, timedOut, unreachable, unreadable } from '../upstream-failure.js';
import { decodeHttpApiResult } from './decode-http-api-result.js';
import { readHttpApiFailure } from './http-api-failure.js';
import { createAgent, postJson } from './post-json.js';

export interface HttpApiCallerOptions {
  /** Base URL of the /api request handler. */
  readonly url: string;
  readonly timeoutMs: number;
  /** Full JID (admin@example.org): mod_http_api refuses a bare local part. */
  readonly adminJid?: string | undefined;
  readonly adminPassword?: string | undefined;
}

const NOT_JSON = Symbol('not JSON');

export function createHttpApiCaller(o: HttpApiCallerOptions): CallCommand {
  const base = o.url.replace(/\/+$/, '');
  const endpoint = endpointOf(base);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (o.adminJid) headers.authorization = `Basic ${Buffer.from(`${o.adminJid}:${o.adminPassword ?? ''}`).toString('base64')}`;
  const agent = createAgent(new URL(base));

  return async (command, args) => {
    let status: number;
    let text: string;
    try {
      const res = await postJson(new URL(`${base}/${command}`), agent, headers, JSON.stringify(toJson(args)), o.timeoutMs);
      status = res.status;
      text = res.text;
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') throw timedOut(command, endpoint, o.timeoutMs);
      throw unreachable(command, endpoint, err);
    }
    const body = parseJson(text);
    if (body === NOT_JSON) throw unreadable(command, endpoint, `HTTP ${status} without a JSON body`);
    if (status < 200 || status > 299) throw translateFailure({ command, args, ...readHttpApiFailure(status, body) });
    try {
      return decodeHttpApiResult(body, commandCatalog[command]) as CommandResult<typeof command>;
    } catch (err) {
      if (err instanceof UnexpectedShape) throw unreadable(command, endpoint, err.message);
      throw err;
    }
  };
}

function toJson(args: CommandArgs): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, isTupleList(v) ? v.items : v]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
