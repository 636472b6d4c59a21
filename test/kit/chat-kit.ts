/**
 * Small helpers for the chat API e2e tests: a REST user with a chat stream and its SSE stream,
 * and reading event payloads.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Stack } from '../harness/start-stack.js';
import { basic } from './http-auth.js';
import { openSse, type SseClient, type SseMessage } from './sse-client.js';
import { unique } from './unique.js';
import { registerUser } from './xmpp-test-client.js';

export const API = '/restapi/v1';

export interface ChatUser {
  readonly name: string;
  readonly password: string;
  readonly jid: string;
  readonly auth: string;
  readonly streamId: string;
  readonly sse: SseClient;
}

export function payloadOf<T = Record<string, unknown>>(m: SseMessage): T {
  return JSON.parse(m.data) as T;
}

/** Registers a user, logs it in through ofgate with its password and opens its SSE stream. */
export async function chatUser(w: Stack, prefix: string, password = 'pw "chat" <&>'): Promise<ChatUser> {
  const name = unique(prefix);
  await registerUser(w.ej.apiUrl, w.domain, name, password);
  const auth = basic(name, password);
  const res = await request(w.url).post(`${API}/chat/${name}/login`).set('Authorization', auth).set('Content-Type', 'text/plain').send(password);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
  const sse = await openSse(`${w.url}/sse/${name}`, { authorization: auth });
  assert.equal(sse.status, 200, sse.body);
  return { name, password, jid: `${name}@${w.domain}`, auth, streamId: res.text, sse };
}

/** Waits for an SSE event of `name` whose payload matches. */
export function waitEvent<T = Record<string, unknown>>(u: ChatUser, name: string, match: (p: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  return u.sse.waitFor((m) => m.event === name && match(payloadOf<T>(m)), timeoutMs, what).then((m) => payloadOf<T>(m));
}
