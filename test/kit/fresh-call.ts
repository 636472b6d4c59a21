/**
 * One HTTP call on a fresh connection (Connection: close), for the shared-mode e2e tests: each
 * call goes through the balancer on its own, so haproxy places every call anew. The answer names
 * the instance that served it (X-Ofgate-Instance, '' when absent). Rejects on a network error
 * and after `timeoutMs` (naming the method and path); never retries.
 */
import { request } from 'node:http';

export interface FreshAnswer {
  readonly status: number;
  readonly text: string;
  readonly instance: string;
}

export function callFresh(url: string, method: string, headers: Readonly<Record<string, string>>, body = '', timeoutMs = 20_000): Promise<FreshAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, Connection: 'close' }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, instance: String(res.headers['x-ofgate-instance'] ?? '') }));
    });
    req.on('timeout', () => {
      const { pathname, search } = new URL(url);
      req.destroy(new Error(`${method} ${pathname}${search} timed out`));
    });
    req.on('error', reject);
    req.end(body);
  });
}
