/**
 * The operations of a running ofgate's OpenAPI document (generated from the route declarations,
 * so tests that walk it cover a route the day it is added), a bounded raw HTTP call that gives
 * the status only (an SSE stream is cut once its headers arrived), and a small worker pool.
 */
import { request as httpRequest } from 'node:http';

export type Access = 'public' | 'user' | 'admin' | 'either';

export interface Operation {
  readonly method: string;
  readonly path: string;
  /** Served at the root (its own `servers`), not under the three API base paths. */
  readonly root: boolean;
  readonly access: Access;
  readonly pathParams: readonly string[];
}

export const API_BASES = ['/restapi/v1', '/rest/api/restapi/v1', '/plugins/restapi/v1'] as const;

export async function openApiOperations(baseUrl: string): Promise<Operation[]> {
  const spec = (await (await fetch(`${baseUrl}/swagger/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const root = Array.isArray(item.servers);
    for (const [method, op] of Object.entries(item)) {
      if (method === 'servers' || method === 'parameters') continue;
      const access = (op as { 'x-ofgate-access'?: Access })['x-ofgate-access'];
      if (access === undefined) continue;
      ops.push({ method, path, root, access, pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string) });
    }
  }
  return ops;
}

export interface RawCall {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs?: number;
}

/**
 * The answer's status; -1 when none came within the time limit; 0 when the server closed the
 * connection while the body was still being sent (its answer to an oversized upload: it need not
 * read what it refuses). One connection per call (no keep-alive), so a connection the server
 * closed after refusing one request can never fail the next.
 */
export function statusOf(c: RawCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(c.url, { method: c.method.toUpperCase(), headers: { ...c.headers }, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(-1);
    }, c.timeoutMs ?? 15_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      res.destroy(); // a stream (SSE) is cut once its headers arrived
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (c.body !== undefined && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve(0);
      else reject(error);
    });
    req.end(c.body);
  });
}

/** Runs `work` over `items` with at most `concurrency` at once, in order of start. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
