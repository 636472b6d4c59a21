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

// ---- Visitor-side helpers (fastpath-visitors.test.ts): raw asks, client addresses, error bodies ----
import { Agent as HttpAgent } from 'node:http';
import { randomInt } from 'node:crypto';
import { ejabberdApi } from './xmpp-test-client.js';

/** The fields of a valid ask, fresh userID and email, `extra` on top. */
export function askBody(wg: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { workgroup: wg, userID: unique('visitor'), emailAddress: `${unique('v')}@example.com`, question: 'Where is my order?', ...extra };
}

/**
 * An HTTP agent whose connections come from a loopback address no other test uses (127.x.y.z):
 * public asks are rate-limited per client address, so each test that asks without credentials
 * counts against its own address. Call destroy() when done.
 */
export function loopbackClient(): HttpAgent {
  const address = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;
  return new HttpAgent({ localAddress: address, keepAlive: false } as ConstructorParameters<typeof HttpAgent>[0]);
}

export interface AskOptions {
  /** Authorization header; none when omitted (a public ask). */
  auth?: string;
  /** The connection's source (loopbackClient()). */
  from?: HttpAgent;
  /** Base path (MODERN by default). */
  base?: string;
  /** Default application/json. */
  accept?: string;
  /** Default ?wait=false. */
  wait?: boolean;
}

/** POST ask with `body` (an object as JSON, a string as sent with its Content-Type); the raw answer. */
export async function askRaw(w: Stack, body: Record<string, unknown> | string, opts: AskOptions & { contentType?: string } = {}): Promise<request.Response> {
  let req = request(w.url).post(`${opts.base ?? MODERN}/ask${opts.wait === true ? '' : '?wait=false'}`).set('Accept', opts.accept ?? 'application/json');
  if (opts.auth !== undefined) req = req.set('Authorization', opts.auth);
  if (opts.from) req = req.agent(opts.from);
  if (opts.contentType) req = req.set('Content-Type', opts.contentType);
  return typeof body === 'string' ? req.send(body) : req.send(body);
}

/** Asserts an error answer: its status and, in the base path's JSON dialect, the field naming what it is about. */
export function assertErrorBody(res: request.Response, status: number, dialect: 'ofchat' | 'modern', resource?: string, message?: RegExp): void {
  assert.equal(res.status, status, res.text);
  const b = res.body as Record<string, unknown>;
  const key = dialect === 'ofchat' ? 'ressource' : 'resource';
  const other = dialect === 'ofchat' ? 'resource' : 'ressource';
  assert.ok(key in b, `${key} in ${res.text}`);
  assert.ok(!(other in b), `no ${other} in ${res.text}`);
  assert.equal(typeof b.message, 'string', res.text);
  assert.equal(typeof b.exception, 'string', res.text);
  if (resource !== undefined) assert.equal(b[key], resource, res.text);
  if (message) assert.match(b.message as string, message);
}

/** Does ejabberd hold this account (bare JID or user name of the world's domain)? */
export async function accountExists(w: Stack, jidOrName: string): Promise<boolean> {
  const user = jidOrName.split('@')[0] ?? jidOrName;
  return (await ejabberdApi<number>(w.ej.apiUrl, 'check_account', { user, host: w.domain })) === 0;
}

/** DELETE ask/{userId} as the secret, for clean-up (a request already gone is fine). */
export async function cancelAsk(w: Stack, userId: string): Promise<void> {
  await request(w.url).delete(`${MODERN}/ask/${encodeURIComponent(userId)}`).set('Authorization', w.secret);
}

/**
 * Brings visitor `v` and `agent` into the support room: the agent (available in `wg`) gets the
 * offer, accepts, gets its invitation and joins; the visitor gets its `offer` event and joins.
 * Returns the offer (offerReceived payload) and the room JID.
 */
export async function meetInRoom(w: Stack, agent: ChatUser, v: Visitor): Promise<{ offer: Record<string, unknown>; room: string }> {
  const offer = await agentOffer(agent, 'offerReceived', v.requestId);
  const accepted = await request(w.url).post(`${API}/chat/${agent.streamId}/offer/${v.requestId}`).set('Authorization', agent.auth);
  assert.equal(accepted.status, 200, accepted.text);
  await agent.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).type === 'invitationReceived' && payloadOf(m).reason === v.requestId, 8000, 'invitation');
  const o = await visitorEvent(v, 'offer');
  const joined = await request(w.url).put(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth);
  assert.equal(joined.status, 200, joined.text);
  const visitorJoined = await request(w.url).post(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v));
  assert.equal(visitorJoined.status, 200, visitorJoined.text);
  return { offer, room: o.mucRoom as string };
}

// ---- Routing helpers (fastpath-routing.test.ts): an agent on a plain XMPP client (offers as
// messages from the workgroup, answered with its own Basic credentials), an agent's row in
// GET ask/admin/{wg} awaited until it holds, a visitor's status and cancel with its token ----
import type { Element } from '@xmpp/xml';
import { basic } from './http-auth.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from './xmpp-test-client.js';

/** ofgate's namespace of the offer notices a plain XMPP agent gets. */
export const NS_FASTPATH_NOTICE = 'urn:ofgate:fastpath:1';

/** An agent's row in GET ask/admin/{wg} (modern JSON). */
export interface AgentRow {
  readonly username: string;
  readonly available: boolean;
  readonly choice: string;
  readonly show: string;
  readonly chats?: readonly string[] | string;
  readonly pendingOffer?: string;
}

/** The agent's row in GET ask/admin/{wg}. */
export async function agentRow(w: Stack, wg: string, agent: string): Promise<AgentRow> {
  const agents = (await workgroupDetail(w, wg)).agents as AgentRow[];
  const row = agents.find((a) => a.username === agent);
  assert.ok(row, `${agent} is no agent of ${wg}: ${JSON.stringify(agents)}`);
  return row;
}

/**
 * Polls GET ask/admin/{wg} (every 50 ms, bounded) until `agent`'s row satisfies `cond`: for
 * state changes that send no event to the test (presence seen through the hook shim).
 */
export async function waitForAgentRow(w: Stack, wg: string, agent: string, cond: (a: AgentRow) => boolean, what: string, timeoutMs = 8000): Promise<AgentRow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await agentRow(w, wg, agent);
    if (cond(row)) return row;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls GET ask/admin/{wg} until some agent holds the pending offer of `requestId`; its name. */
export async function offerHolder(w: Stack, wg: string, requestId: string, timeoutMs = 8000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const agents = (await workgroupDetail(w, wg)).agents as AgentRow[];
    const holder = agents.find((a) => a.pendingOffer === requestId);
    if (holder) return holder.username;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for an offer of ${requestId}; agents: ${JSON.stringify(agents)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An agent registered in ejabberd that connects with a plain XMPP client (no ofgate stream). */
export interface PlainAgent {
  readonly name: string;
  readonly password: string;
  readonly jid: string;
  /** Its own Basic credentials, for PUT|DELETE chat/assists/{wg}/{offerId}. */
  readonly auth: string;
  /** Connects and sends its initial presence (available by presence with autoAvailable). */
  connect(): Promise<TestXmpp>;
}

export async function plainAgent(w: Stack, prefix: string): Promise<PlainAgent> {
  const name = unique(prefix);
  const password = 'pw-agent';
  await registerUser(w.ej.apiUrl, w.domain, name, password);
  return {
    name,
    password,
    jid: `${name}@${w.domain}`,
    auth: basic(name, password),
    connect: () => connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: name, password }),
  };
}

/** Waits for the XMPP offer notice of `offerId` from `{wg}@workgroup.{domain}`. */
export function xmppOffer(t: TestXmpp, w: Stack, wg: string, offerId: string, timeoutMs = 8000): Promise<Element> {
  const from = workgroupAddress(w, wg);
  return t.waitFor((el) => el.is('message') && el.attrs.from === from && el.getChild('offer', NS_FASTPATH_NOTICE)?.attrs.id === offerId, timeoutMs, `offer ${offerId} from ${from}`);
}

/** Waits for the XMPP notice that offer `offerId` was withdrawn. */
export function xmppRevoke(t: TestXmpp, w: Stack, wg: string, offerId: string, timeoutMs = 8000): Promise<Element> {
  const from = workgroupAddress(w, wg);
  return t.waitFor((el) => el.is('message') && el.attrs.from === from && el.getChild('offer-revoked', NS_FASTPATH_NOTICE)?.attrs.id === offerId, timeoutMs, `offer-revoked ${offerId} from ${from}`);
}

/** Waits for the XEP-0249 invitation to `room` (a room JID). */
export function xmppInvitation(t: TestXmpp, room: string, timeoutMs = 8000): Promise<Element> {
  return t.waitFor((el) => el.is('message') && el.getChild('x', 'jabber:x:conference')?.attrs.jid === room, timeoutMs, `invitation to ${room}`);
}

/** Joins a MUC room; resolves with the room's answer: our self-presence (status 110) or an error presence. */
export async function xmppJoinRoom(t: TestXmpp, room: string, nick: string, timeoutMs = 8000): Promise<Element> {
  const from = `${room}/${nick}`;
  const answered = (el: Element): boolean => el.is('presence') && el.attrs.from === from && el.attrs.type !== 'unavailable'
    && (el.attrs.type === 'error' || (el.getChild('x', 'http://jabber.org/protocol/muc#user')?.getChildren('status') ?? []).some((s) => s.attrs.code === '110'));
  const answer = t.waitFor(answered, timeoutMs, `join answer from ${from}`);
  await t.send(xml('presence', { to: from }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
  return answer;
}

/** PUT (accept) or DELETE (reject) chat/assists/{wg}/{offerId} with the plain agent's own credentials. */
export function answerAsPlainAgent(w: Stack, a: PlainAgent, wg: string, offerId: string, answer: 'accept' | 'reject'): request.Test {
  const path = `${API}/chat/assists/${wg}/${offerId}`;
  return (answer === 'accept' ? request(w.url).put(path) : request(w.url).delete(path)).set('Authorization', a.auth);
}

/** POST (accept) or DELETE (reject) chat/{sid}/offer/{offerId} on the agent's stream. */
export function answerOnStream(w: Stack, a: ChatUser, offerId: string, answer: 'accept' | 'reject'): request.Test {
  const path = `${API}/chat/${a.streamId}/offer/${offerId}`;
  return (answer === 'accept' ? request(w.url).post(path) : request(w.url).delete(path)).set('Authorization', a.auth);
}

/** GET ask/{userId} with the visitor's token (the response, whatever its status). */
export function askStatus(w: Stack, v: Visitor): request.Test {
  return request(w.url).get(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).set('Accept', 'application/json');
}

/** DELETE ask/{userId} with the visitor's token. */
export function cancelVisitor(w: Stack, v: Visitor): request.Test {
  return request(w.url).delete(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v));
}

/** `{wg}@workgroup.{domain}`. */
export const workgroupAddress = (w: Stack, wg: string): string => `${wg}@workgroup.${w.domain}`;
