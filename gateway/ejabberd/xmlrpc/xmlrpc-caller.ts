/**
 * Runs ejabberd commands through ejabberd_xmlrpc: methodName = command, one struct of named
 * arguments (preceded by an auth struct when an admin account is configured), bounded by
 * timeoutMs. Connections are never reused: ejabberd drops the connection on an unknown method
 * or malformed arguments, and a shared socket would take the next call down with it.
 * References: ../../../../shared/notes/ejabberd-23.01.md §2 (XML-RPC auth struct), §6, §10 pitfall 9.
 */
import http from 'node:http';
import https from 'node:https';
import xmlrpc from 'xmlrpc';
import { commandCatalog } from '../command-catalog.js';
import type { CallCommand, CommandArgs, CommandResult } from '../command-caller.js';
import { translateFailure } from '../command-failure.js';
import { UnexpectedShape } from '../result-format.js';
import { endpointOf, errorCode, timedOut, unreachable, unreadable } from '../upstream-failure.js';
import type { CommandName } from '../command-catalog.js';
import type { GatewayError } from '../../errors/index.js';
import { splitJid } from '../../jid/index.js';
import { decodeXmlRpcResult, RefusedRestuple } from './decode-xmlrpc-result.js';
import { encodeXmlRpcArgs } from './encode-xmlrpc-args.js';
import { readXmlRpcFault } from './xmlrpc-fault.js';

export interface XmlRpcCallerOptions {
  /** URL of the /xmlrpc request handler. */
  readonly url: string;
  readonly timeoutMs: number;
  /** The virtual host; the admin's server when adminJid has no domain part. */
  readonly host: string;
  readonly adminJid?: string | undefined;
  readonly adminPassword?: string | undefined;
}

type RequestOptions = Exclude<Parameters<typeof xmlrpc.createClient>[0], string> & { agent: http.Agent; signal: AbortSignal };

export function createXmlRpcCaller(o: XmlRpcCallerOptions): CallCommand {
  const url = new URL(o.url);
  const secure = url.protocol === 'https:';
  const endpoint = endpointOf(o.url);
  const agent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  const auth = o.adminJid ? authStruct(o.adminJid, o.adminPassword ?? '', o.host) : undefined;

  return <C extends CommandName>(command: C, args: CommandArgs) =>
    new Promise<CommandResult<C>>((resolve, reject) => {
      const signal = AbortSignal.timeout(o.timeoutMs);
      const onAbort = () => reject(timedOut(command, endpoint, o.timeoutMs));
      signal.addEventListener('abort', onAbort, { once: true });
      const options: RequestOptions = {
        host: url.hostname,
        port: Number(url.port) || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: { Connection: 'close' },
        agent,
        signal,
      };
      const client = secure ? xmlrpc.createSecureClient(options) : xmlrpc.createClient(options);
      const params = auth ? [auth, encodeXmlRpcArgs(args)] : [encodeXmlRpcArgs(args)];
      client.methodCall(command, params, (err: unknown, value: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return;
        if (err) reject(failureOf(err, command, args, endpoint));
        else settle(() => decodeXmlRpcResult(value, commandCatalog[command]) as CommandResult<C>, command, args, endpoint, resolve, reject);
      });
    });
}

function settle<T>(decode: () => T, command: CommandName, args: CommandArgs, endpoint: string, resolve: (v: T) => void, reject: (e: GatewayError) => void): void {
  try {
    resolve(decode());
  } catch (err) {
    if (err instanceof RefusedRestuple) reject(translateFailure({ command, args, reason: err.reason, hint: 'rejected' }));
    else if (err instanceof UnexpectedShape) reject(unreadable(command, endpoint, err.message));
    else reject(unreadable(command, endpoint, 'undecodable result'));
  }
}

/** The fault's own Error is never kept as a cause: its message quotes every argument. */
function failureOf(err: unknown, command: CommandName, args: CommandArgs, endpoint: string): GatewayError {
  const fault = err as { faultCode?: unknown; faultString?: unknown };
  if (typeof fault.faultCode === 'number' && typeof fault.faultString === 'string') {
    return translateFailure({ command, args, ...readXmlRpcFault(fault.faultCode, fault.faultString) });
  }
  const code = errorCode(err);
  if (code === 'ECONNRESET') return translateFailure({ command, args, reason: 'connection closed without an answer', hint: 'dropped' });
  if (code) return unreachable(command, endpoint, err);
  if (err instanceof Error && err.message === 'Not Found') return unreadable(command, endpoint, 'HTTP 404 (is ejabberd_xmlrpc a request handler at this path?)');
  return unreadable(command, endpoint, 'not an XML-RPC method response');
}

function authStruct(adminJid: string, password: string, host: string): Record<string, string> {
  const { local, domain } = splitJid(adminJid.includes('@') ? adminJid : `${adminJid}@${host}`);
  return { user: local, server: domain, password };
}
