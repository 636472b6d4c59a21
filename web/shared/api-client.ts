/**
 * The browser's client of ofgate's REST API (modern base path /plugins/restapi/v1, JSON): one
 * `request` that sends JSON or text, reads JSON answers and turns error answers into ApiError
 * (status, the API's message, Retry-After). Rules: no cookies are sent or read
 * (`credentials: 'omit'`): the only credential is the bearer token given by the caller; every
 * path segment is encoded by the caller with `seg()`.
 */

export const API_BASE = '/plugins/restapi/v1';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  json?: unknown;
  text?: string;
  query?: Record<string, string>;
  /** Answer as text (a download) instead of JSON. */
  asText?: boolean;
}

export interface ApiClient {
  /** The server's origin and path prefix, e.g. `https://chat.example.com`. */
  readonly server: string;
  request<T = Record<string, unknown>>(method: string, path: string, opts?: RequestOptions): Promise<T | undefined>;
}

/** Encodes one path segment. */
export const seg = (s: string): string => encodeURIComponent(s);

export function createApiClient(server: string, token: () => string | undefined): ApiClient {
  const root = server.replace(/\/+$/, '');
  return {
    server: root,
    async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T | undefined> {
      const url = new URL(`${root}${API_BASE}${path}`);
      for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
      const headers: Record<string, string> = { Accept: opts.asText ? 'text/plain' : 'application/json' };
      const bearer = token();
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
      let body: string | undefined;
      if (opts.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(opts.json);
      } else if (opts.text !== undefined) {
        headers['Content-Type'] = 'text/plain; charset=utf-8';
        body = opts.text;
      }
      const res = await fetch(url, { method, headers, body, credentials: 'omit', mode: 'cors', cache: 'no-store' });
      if (!res.ok) {
        let message = res.statusText || `HTTP ${res.status}`;
        try {
          const e = (await res.json()) as { message?: unknown };
          if (typeof e.message === 'string') message = e.message;
        } catch {
          // not JSON: keep the status text
        }
        const retry = Number(res.headers.get('Retry-After'));
        throw new ApiError(res.status, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
      }
      if (opts.asText) return (await res.text()) as T;
      const raw = await res.text();
      return raw.trim() === '' ? undefined : (JSON.parse(raw) as T);
    },
  };
}
