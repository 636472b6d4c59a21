/**
 * The Fastpath benchmark's agents: ejabberd users that log in through ofgate with their password
 * (`POST chat/{user}/login`), follow their own SSE stream, go available in their workgroup
 * (`POST chat/{sid}/assists/{wg}`) when told, and answer every offer at once over REST: accept
 * (`POST chat/{sid}/offer/{id}`) or reject (`DELETE`), as `decide` says. After an accept they
 * join the support room when its invitation arrives (`chatapi.muc` invitationReceived, reason =
 * the offer id → `PUT chat/{sid}/rooms/{id}`).
 *
 * Rules kept: every arrival is stamped with performance.now() in the SSE data handler, before any
 * other work; a failed call is counted and its first message kept (never thrown into the stream
 * handler, so one failure cannot stop an agent).
 */
import type { Agent } from 'node:http';
import { registerUsers } from './ejabberd-api.js';
import { basicAuth, callOk } from './http-client.js';
import type { Ledger } from './fastpath-ledger.js';
import { loginWithPassword, type OfgateTarget } from './ofgate-chat.js';
import { openSse, type SseConnection } from './sse-client.js';

export const CHAT_API = '/restapi/v1';

export interface BenchAgent {
  readonly name: string;
  readonly workgroup: string;
  readonly auth: string;
  readonly sid: string;
}

export interface AgentCrew {
  readonly agents: readonly BenchAgent[];
  /** POST chat/{sid}/assists/{wg} for every agent (all at once). */
  goAvailable(): Promise<void>;
  /** The agent that accepted `requestId` leaves its room (`DELETE chat/{sid}/rooms/{id}`). */
  leave(requestId: string): Promise<void>;
  /** Failed agent calls: how many, and the first few messages. */
  errors(): { readonly count: number; readonly first: readonly string[] };
  close(): void;
}

export interface CrewOptions {
  readonly target: OfgateTarget;
  readonly ejabberd: { readonly agent: Agent; readonly apiUrl: string; readonly domain: string };
  /** Agent name → its workgroup. */
  readonly members: ReadonlyArray<{ readonly name: string; readonly workgroup: string }>;
  readonly ledger: Ledger;
  readonly decide: (requestId: string) => 'accept' | 'reject';
}

interface AssistEvent { type?: string; id?: string; reason?: string }

export async function startAgentCrew(o: CrewOptions): Promise<AgentCrew> {
  const password = 'bench-agent-pw';
  const { target: t, ledger } = o;
  await registerUsers(o.ejabberd.agent, o.ejabberd.apiUrl, o.ejabberd.domain, o.members.map((m) => m.name), password);
  let errorCount = 0;
  const firstErrors: string[] = [];
  const failed = (err: unknown): void => {
    errorCount++;
    if (firstErrors.length < 5) firstErrors.push((err as Error).message);
  };
  const sses: SseConnection[] = [];
  const agents: BenchAgent[] = [];
  const byName = new Map<string, BenchAgent>();

  const follow = async (m: { name: string; workgroup: string }): Promise<void> => {
    const auth = basicAuth(m.name, password);
    const sid = await loginWithPassword(t, m.name, password);
    const a: BenchAgent = { name: m.name, workgroup: m.workgroup, auth, sid };
    const chat = `${t.url}${CHAT_API}/chat/${encodeURIComponent(sid)}`;
    const onAssist = (p: AssistEvent, at: number): void => {
      if (typeof p.id !== 'string') return;
      const id = p.id;
      const e = ledger.entry(id);
      if (p.type === 'offerRevoked') {
        e.revokes.push({ agent: a.name, at, reason: p.reason ?? '' });
        return;
      }
      if (p.type !== 'offerReceived') return;
      e.offers.push({ agent: a.name, at });
      if (o.decide(id) === 'reject') {
        callOk(t.agent, 'DELETE', `${chat}/offer/${id}`, '', { Authorization: auth }).then(() => void (e.rejects += 1), failed);
        return;
      }
      callOk(t.agent, 'POST', `${chat}/offer/${id}`, '', { Authorization: auth }).then(() => void e.accepts.push({ agent: a.name, at: performance.now() }), failed);
    };
    const onMuc = (p: AssistEvent, at: number): void => {
      if (p.type !== 'invitationReceived' || typeof p.reason !== 'string') return;
      const id = p.reason;
      ledger.entry(id).invitationAt = at;
      callOk(t.agent, 'PUT', `${chat}/rooms/${id}`, '', { Authorization: auth }).then(() => ledger.agentJoined(id, performance.now()), failed);
    };
    sses.push(await openSse(`${t.url}/sse/${encodeURIComponent(m.name)}`, auth, (event, data) => {
      const at = performance.now();
      if (event !== 'chatapi.assist' && event !== 'chatapi.muc') return;
      const p = JSON.parse(data) as AssistEvent;
      if (event === 'chatapi.assist') onAssist(p, at);
      else onMuc(p, at);
    }));
    agents.push(a);
    byName.set(a.name, a);
  };
  // ~10 logins in flight: the box's two cores are shared with ejabberd and ofgate
  for (let i = 0; i < o.members.length; i += 10) await Promise.all(o.members.slice(i, i + 10).map(follow));

  return {
    agents,
    async goAvailable() {
      await Promise.all(agents.map((a) => callOk(t.agent, 'POST', `${t.url}${CHAT_API}/chat/${encodeURIComponent(a.sid)}/assists/${a.workgroup}`, '', { Authorization: a.auth })));
    },
    async leave(requestId) {
      const a = byName.get(ledger.entry(requestId).accepts[0]?.agent ?? '');
      if (!a) throw new Error(`${requestId}: no agent accepted it`);
      await callOk(t.agent, 'DELETE', `${t.url}${CHAT_API}/chat/${encodeURIComponent(a.sid)}/rooms/${requestId}`, '', { Authorization: a.auth });
    },
    errors: () => ({ count: errorCount, first: firstErrors }),
    close() {
      for (const s of sses) s.close();
    },
  };
}
