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
import { connectXmpp, registerUser, type TestXmpp } from './xmpp-test-client.js';

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

/** The usual cast of a chat e2e file: two REST users (logged in, SSE open) and one plain XMPP user. */
export interface ChatCast {
  readonly alice: ChatUser;
  readonly bob: ChatUser;
  readonly peer: TestXmpp;
  readonly peerName: string;
  readonly peerJid: string;
  close(): Promise<void>;
}

export async function chatCast(w: Stack, prefix: string): Promise<ChatCast> {
  const [alice, bob] = await Promise.all([chatUser(w, `${prefix}a`), chatUser(w, `${prefix}b`)]);
  const peerName = unique(`${prefix}p`);
  await registerUser(w.ej.apiUrl, w.domain, peerName, 'pw');
  const peer = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: peerName, password: 'pw' });
  return {
    alice, bob, peer, peerName,
    peerJid: `${peerName}@${w.domain}`,
    async close() {
      alice.sse.close();
      bob.sse.close();
      await peer.stop();
    },
  };
}
