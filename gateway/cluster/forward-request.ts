/**
 * The internal hop: a request that needs a user's XMPP stream and landed on an instance that does
 * not own it is passed, unparsed, to the owner's advertised URL and the owner's answer is passed
 * back as it comes (status, headers, body streamed both ways).
 *
 * Rules:
 * - The hop carries `X-Ofgate-Hop: <from instance>.<unix ms>.<HMAC-SHA256(secret, from|ms|method|url)>`.
 *   An instance receiving a valid hop never forwards it again (no loops: it serves or fails);
 *   an invalid or stale (> 60 s) hop header is ignored, i.e. the request is treated as from a client.
 * - The caller's own credentials travel unchanged: the owner authenticates and authorises the
 *   request exactly as if it had landed there.
 * - When the owner cannot be reached (refused, reset before an answer, time-out before the
 *   response starts), `forwardRequest` resolves `unreachable` and has written nothing, so the
 *   caller may take the stream over and serve the request itself. Once the owner's response has
 *   started, failures end the response.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

export const HOP_HEADER = 'x-ofgate-hop';
const HOP_MAX_AGE_MS = 60_000;
/** Headers of one connection, not of the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'host', HOP_HEADER]);

export type ForwardOutcome = 'forwarded' | 'unreachable';

function hopMac(secret: string, from: string, at: number, method: string, url: string): string {
  return createHmac('sha256', secret).update(`${from}|${at}|${method}|${url}`).digest('base64url');
}

export function signHop(secret: string, from: string, method: string, url: string, at: number): string {
  return `${from}.${at}.${hopMac(secret, from, at, method, url)}`;
}

/** The forwarding instance's id when the request carries a valid, fresh hop header; else undefined. */
export function verifyHop(secret: string, headers: IncomingHttpHeaders, method: string, url: string, now: number): string | undefined {
  const raw = headers[HOP_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const m = /^([A-Za-z0-9-]{1,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return undefined;
  const [, from, atText, mac] = m as unknown as [string, string, string, string];
  const at = Number(atText);
  if (Math.abs(now - at) > HOP_MAX_AGE_MS) return undefined;
  const expected = Buffer.from(hopMac(secret, from, at, method, url));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? from : undefined;
}

export interface ForwardOptions {
  readonly targetUrl: string;
  readonly secret: string;
  readonly instanceId: string;
  readonly timeoutMs: number;
  /** The request's path and query as the client sent them (routers may have rewritten req.url). */
  readonly url?: string;
  readonly now?: () => number;
}

export function forwardRequest(req: IncomingMessage, res: ServerResponse, o: ForwardOptions): Promise<ForwardOutcome> {
  const url = o.url ?? req.url ?? '/';
  const method = req.method ?? 'GET';
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const peer = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${peer}` : peer;
  headers[HOP_HEADER] = signHop(o.secret, o.instanceId, method, url, (o.now ?? Date.now)());

  return new Promise<ForwardOutcome>((resolve) => {
    let answered = false;
    const target = new URL(url, o.targetUrl);
    const out = httpRequest(target, { method, headers, timeout: o.timeoutMs }, (upstream) => {
      answered = true;
      // the owner's connection headers are about the hop, not the client's connection
      const answer: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'transfer-encoding') answer[name] = value;
      }
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, answer);
      res.flushHeaders();
      upstream.pipe(res);
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.on('end', () => resolve('forwarded'));
      upstream.on('close', () => resolve('forwarded'));
    });
    out.on('timeout', () => out.destroy(new Error('forward timed out')));
    out.on('error', () => {
      if (!answered) resolve('unreachable');
      else res.destroy();
    });
    req.pipe(out);
  });
}
