/**
 * A lean HTTP/1.1 client on node:http with a keep-alive agent: the same code drives ofgate's
 * REST API and ejabberd's mod_http_api, so neither path pays a different client cost. One call
 * takes any method; the `...Ok` forms reject unless the answer is 2xx, naming the method, path
 * and status.
 */
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', Accept: 'application/json' };

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

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

/** A call that rejects unless the answer is 2xx. */
export async function callOk(agent: Agent, method: Method, url: string, body = '', headers: Record<string, string> = {}): Promise<string> {
  const a = await call(agent, method, url, body, headers);
  if (a.status < 200 || a.status > 299) throw new Error(`${method} ${new URL(url).pathname}: ${a.status} ${a.body.slice(0, 200)}`);
  return a.body;
}

/** POST that rejects unless the answer is 2xx. */
export function postOk(agent: Agent, url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  return callOk(agent, 'POST', url, body, headers);
}

export function basicAuth(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}
