/**
 * The HTTP calls the Fastpath benchmark makes (any method, not only POST): the same node:http
 * keep-alive client as http-client.ts, so ofgate and ejabberd's mod_http_api are driven alike.
 * `callOk` rejects unless the answer is 2xx, naming the method, path and status.
 */
import { request, type Agent } from 'node:http';
import type { HttpAnswer } from './http-client.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function call(agent: Agent, method: Method, url: string, body = '', headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function callOk(agent: Agent, method: Method, url: string, body = '', headers: Record<string, string> = {}): Promise<string> {
  const a = await call(agent, method, url, body, headers);
  if (a.status < 200 || a.status > 299) throw new Error(`${method} ${new URL(url).pathname}: ${a.status} ${a.body.slice(0, 200)}`);
  return a.body;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', Accept: 'application/json' };
