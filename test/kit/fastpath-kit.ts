/**
 * Helpers for the Fastpath e2e tests: a workgroup with members and settings, a visitor's ask
 * (at once, with ?wait=false) with its token and its own SSE stream, and an agent's offers.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Stack } from '../harness/start-stack.js';
import { API, payloadOf, type ChatUser } from './chat-kit.js';
import { openSse, type SseClient } from './sse-client.js';
import { unique } from './unique.js';

export const MODERN = '/plugins/restapi/v1';

export interface Visitor {
  readonly userId: string;
  readonly requestId: string;
  readonly token: string;
  readonly position: number;
  readonly sse: SseClient;
}

/** Creates a workgroup with these members and settings (admin via the secret); returns its name. */
export async function workgroup(w: Stack, members: readonly string[], settings: Record<string, unknown> = {}, prefix = 'wg'): Promise<string> {
  const name = unique(prefix);
  const admin = (t: request.Test) => t.set('Authorization', w.secret).set('Accept', 'application/json');
  const created = await admin(request(w.url).post(`${MODERN}/ask/admin`)).send({ name, description: 'e2e', members: members.join(',') });
  assert.equal(created.status, 200, created.text);
  if (Object.keys(settings).length > 0) {
    const put = await admin(request(w.url).put(`${MODERN}/ask/admin/${name}`)).set('Content-Type', 'application/json').send(JSON.stringify(settings));
    assert.equal(put.status, 200, put.text);
  }
  return name;
}

/** GET ask/admin/{wg} (modern JSON). */
export async function workgroupDetail(w: Stack, name: string): Promise<Record<string, unknown>> {
  const res = await request(w.url).get(`${MODERN}/ask/admin/${name}`).set('Authorization', w.secret).set('Accept', 'application/json');
  assert.equal(res.status, 200, res.text);
  return res.body as Record<string, unknown>;
}

/** POST ask?wait=false as the secret (or `auth`), then the visitor's own SSE stream with its token. */
export async function ask(w: Stack, wg: string, extra: Record<string, unknown> = {}, auth: string | null = w.secret): Promise<Visitor> {
  const userId = (extra.userID as string | undefined) ?? unique('visitor');
  let req = request(w.url).post(`${MODERN}/ask?wait=false`).set('Accept', 'application/json');
  if (auth !== null) req = req.set('Authorization', auth);
  const res = await req.send({ workgroup: wg, userID: userId, emailAddress: `${unique('v')}@example.com`, question: 'Where is my order?', ...extra });
  assert.equal(res.status, 200, res.text);
  const token = res.body.token as string;
  assert.equal(res.headers['x-visitor-token'], token);
  const sse = await openSse(`${w.url}/sse/${encodeURIComponent(userId)}`, { authorization: `Bearer ${token}`, lastEventId: '0-0' });
  assert.equal(sse.status, 200, sse.body);
  return { userId, requestId: res.body.requestId as string, token, position: res.body.position as number, sse };
}

/** Waits for a chatapi.ask event of `type` on the visitor's stream. */
export async function visitorEvent(v: Visitor, type: string, match: (p: Record<string, unknown>) => boolean = () => true, timeoutMs = 8000): Promise<Record<string, unknown>> {
  const m = await v.sse.waitFor((e) => e.event === 'chatapi.ask' && payloadOf(e).type === type && match(payloadOf(e)), timeoutMs, `visitor ${v.userId}: ${type}`);
  return payloadOf(m);
}

/** Waits for a chatapi.assist event of `type` about request `id` on the agent's stream. */
export async function agentOffer(a: ChatUser, type: 'offerReceived' | 'offerRevoked', id: string, timeoutMs = 8000): Promise<Record<string, unknown>> {
  const m = await a.sse.waitFor((e) => e.event === 'chatapi.assist' && payloadOf(e).type === type && payloadOf(e).id === id, timeoutMs, `${a.name}: ${type} ${id}`);
  return payloadOf(m);
}

/** POST chat/{sid}/assists/{wg}. */
export async function goAvailable(w: Stack, a: ChatUser, wg: string): Promise<void> {
  const res = await request(w.url).post(`${API}/chat/${a.streamId}/assists/${wg}`).set('Authorization', a.auth);
  assert.equal(res.status, 200, res.text);
}

export const visitorAuth = (v: Visitor): string => `Bearer ${v.token}`;
