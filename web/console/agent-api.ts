/**
 * The console's client of ofgate's REST API, for a signed-in agent: the shared client's rules
 * (modern base path, JSON, errors as ApiError, no cookies) with the agent's own HTTP Basic
 * header, which is what the chat API and the agent's SSE stream accept (there is no agent token).
 * Rules: every path segment is encoded by the caller with `seg()`; a 401 is reported to
 * `onUnauthorized` (the session is over) before it is thrown.
 */
import { API_BASE, ApiError } from '../shared/api-client.js';

export { ApiError, seg } from '../shared/api-client.js';

export interface AgentRequest {
  json?: unknown;
  text?: string;
  query?: Record<string, string>;
  /** Read the answer as text (a stream id, a download). */
  asText?: boolean;
}

export interface AgentApi {
  request<T = Record<string, unknown>>(method: string, path: string, opts?: AgentRequest): Promise<T | undefined>;
}

/** `Basic base64(user:password)`, the password's UTF-8 bytes (btoa alone takes Latin-1 only). */
export function basicHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** The password inside a Basic header made by basicHeader (to open the chat stream again). */
export function passwordOf(header: string): string {
  const binary = atob(header.replace(/^Basic\s+/i, ''));
  const text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return text.slice(text.indexOf(':') + 1);
}

export function createAgentApi(authorization: () => string | undefined, onUnauthorized: () => void = () => undefined): AgentApi {
  return {
    async request<T>(method: string, path: string, opts: AgentRequest = {}): Promise<T | undefined> {
      const url = new URL(`${API_BASE}${path}`, location.origin);
      for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
      const headers: Record<string, string> = { Accept: opts.asText ? 'text/plain' : 'application/json' };
      const auth = authorization();
      if (auth) headers.Authorization = auth;
      let body: string | undefined;
      if (opts.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(opts.json);
      } else if (opts.text !== undefined) {
        headers['Content-Type'] = 'text/plain; charset=utf-8';
        body = opts.text;
      }
      const res = await fetch(url, { method, headers, body, credentials: 'omit', cache: 'no-store' });
      if (!res.ok) {
        let message = res.statusText || `HTTP ${res.status}`;
        try {
          const e = (await res.json()) as { message?: unknown };
          if (typeof e.message === 'string') message = e.message;
        } catch {
          // not JSON: keep the status text
        }
        if (res.status === 401) onUnauthorized();
        const retry = Number(res.headers.get('Retry-After'));
        throw new ApiError(res.status, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
      }
      const raw = await res.text();
      if (opts.asText) return raw as T;
      return raw.trim() === '' ? undefined : (JSON.parse(raw) as T);
    },
  };
}
