/**
 * Fetches a web page for a link preview without letting the caller reach ofgate's own network
 * (SSRF). Each hop: the URL must be http(s) on its default or any port, its host allowed by
 * `allowHosts` when that list is set; the name is resolved once, every address it resolves to
 * must be public (address-policy.ts) or inside `allowAddresses`, and the connection goes to that
 * resolved address (the lookup is pinned: no second resolution can swap it). Redirects are
 * followed up to `maxRedirects`, each checked the same way. The whole fetch is bounded by
 * `timeoutMs`; at most `maxBytes` of the body are read (the rest is dropped: a preview needs the
 * head). No cookies, no credentials, no Referer are sent.
 * References: OWASP SSRF prevention cheat sheet (resolve, validate, connect to the validated IP).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { badRequest, forbidden, GatewayError } from '../errors/index.js';
import { isPublicAddress } from './address-policy.js';

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Host names allowed (exact, or `*.example.com`); empty: any. */
  readonly allowHosts: readonly string[];
  /** Subnets (CIDR) reachable although not public, e.g. an intranet. */
  readonly allowAddresses: readonly string[];
}

export interface FetchedPage {
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

export type Resolve = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const c of cidrs) {
    const [net, bits] = c.split('/') as [string, string | undefined];
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net, bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits), family);
  }
  return list;
}

function hostAllowed(host: string, allow: readonly string[]): boolean {
  if (allow.length === 0) return true;
  return allow.some((a) => (a.startsWith('*.') ? host.endsWith(a.slice(1)) : host === a.toLowerCase()));
}

export function createSafeFetch(limits: FetchLimits, resolve: Resolve = systemResolve) {
  const extra = blockListOf(limits.allowAddresses);
  const reachable = (ip: string): boolean => isPublicAddress(ip) || extra.check(ip.split('%')[0] as string, isIP(ip) === 6 ? 'ipv6' : 'ipv4');

  async function pinned(url: URL): Promise<{ address: string; family: number }> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('Only http and https links are previewed', { resource: url.protocol });
    if (url.username || url.password) throw badRequest('Links with credentials are not previewed', { resource: url.host });
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (!hostAllowed(host, limits.allowHosts)) throw forbidden(`${host} is not in ofchat.linkPreview.allowHosts`, { resource: host });
    const literal = isIP(host) !== 0;
    const addresses = literal ? [{ address: host, family: isIP(host) }] : await resolve(host).catch(() => {
      throw badRequest(`${host} does not resolve`, { resource: host });
    });
    if (addresses.length === 0) throw badRequest(`${host} does not resolve`, { resource: host });
    const bad = addresses.find((a) => !reachable(a.address));
    if (bad) throw forbidden(`${host} resolves to ${bad.address}, a private, loopback or link-local address: not previewed`, { resource: host });
    return addresses[0] as { address: string; family: number };
  }

  function get(url: URL, to: { address: string; family: number }, signal: AbortSignal): Promise<IncomingMessage> {
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [to]);
      else cb(null, to.address, to.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolveIt, reject) => {
      const req = client.get(url, { lookup, signal, headers: { 'user-agent': 'ofgate-linkpreview', accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' } }, resolveIt);
      req.on('error', reject);
    });
  }

  async function readBody(res: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      const buf = chunk as Buffer;
      const room = limits.maxBytes - size;
      chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
      size += Math.min(buf.length, room);
      if (size >= limits.maxBytes) break;
    }
    res.destroy();
    return Buffer.concat(chunks);
  }

  return async function fetchPage(target: string): Promise<FetchedPage> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw badRequest('Not a URL', { resource: 'url' });
    }
    try {
      for (let hop = 0; ; hop++) {
        const res = await get(url, await pinned(url), signal);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.destroy();
          if (hop >= limits.maxRedirects) throw badRequest(`More than ${limits.maxRedirects} redirects`, { resource: url.href });
          url = new URL(res.headers.location, url);
          continue;
        }
        if (status < 200 || status >= 300) {
          res.destroy();
          throw badRequest(`The page answered ${status}`, { resource: url.href });
        }
        return { url: url.href, contentType: String(res.headers['content-type'] ?? ''), body: await readBody(res) };
      }
    } catch (err) {
      if (signal.aborted) throw new GatewayError('upstream-timeout', `The page did not answer within ${limits.timeoutMs} ms`, { resource: url.href });
      if (err instanceof GatewayError) throw err;
      throw badRequest(`The page could not be fetched: ${(err as Error).message}`, { resource: url.href, cause: err });
    }
  };
}
