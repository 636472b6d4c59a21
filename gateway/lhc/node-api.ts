/**
 * One node-server call, from body text to the answer LHC's PHP reads (the route writes it):
 * 413 beyond lhc.maxBodyBytes, 400 for a body that is not a JSON object, 403 for a wrong or
 * missing `secret_key` (SHA-256 digests compared in constant time), 200 `{"error":true,"msg":
 * "Invalid arguments"}` for missing or bad fields, then the text `ok` (the visitor routes,
 * whose work runs after the answer) or the route's `{error, msg}`.
 */
import { matchesDigest, secretDigest } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { LhcSettings } from './lhc-settings.js';
import type { NodeApiActions } from './node-api-actions.js';
import { readLhcBody, type LhcRoute } from './node-api-input.js';

export type NodeApiReply =
  | { readonly status: number; readonly json: { readonly error: boolean; readonly msg: string } }
  | { readonly status: 200; readonly text: 'ok' };

const INVALID = { status: 200, json: { error: true, msg: 'Invalid arguments' } } as const;

export function createNodeApi(d: { settings: LhcSettings; actions: NodeApiActions; log: Logger }): (route: LhcRoute, text: string) => Promise<NodeApiReply> {
  return async (route, text) => {
    if (Buffer.byteLength(text) > d.settings.maxBodyBytes) return { status: 413, json: { error: true, msg: `Body larger than ${d.settings.maxBodyBytes} bytes` } };
    const read = readLhcBody(text, d.settings.hosts);
    if (read.kind === 'malformed') return { status: 400, json: { error: true, msg: 'Expected a JSON object' } };
    if (read.secretKey === undefined || !matchesDigest(secretDigest(read.secretKey), d.settings.secretDigest)) {
      return { status: 403, json: { error: true, msg: 'Forbidden' } };
    }
    const req = read.parse(route);
    if (req === undefined) return INVALID;
    if (req.route === 'xmpp' || req.route === 'xmpp-send-message') {
      void d.actions.visit(req);
      return { status: 200, text: 'ok' };
    }
    return { status: 200, json: await d.actions.answer(req) };
  };
}
