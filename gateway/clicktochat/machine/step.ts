/**
 * The machine: `step(state, event, now, rules)` → the next state, the effects to carry out once
 * it is committed, and the answer for the caller. Pure and deterministic, so the adapter runs it
 * inside an atomic store update and simply runs it again when another writer (here or on another
 * instance) changed the record meanwhile. Nothing here reads a clock, the network or a store.
 *
 * Rules each event keeps (besides state.ts's):
 * - reserve: a known client is 'exists'; an address at its cap is 'address-cap'; otherwise the
 *   round robin picks (round-robin.ts) or answers 'nobody-available' — nothing is written then.
 * - release is idempotent: an unknown client changes nothing.
 * - agentOffline: the agent leaves the queue, and each of its clients (oldest pair first) goes
 *   to the next agent by the same round robin, or is unpaired when nobody can take it; never
 *   left paired to an agent who is gone.
 * When nothing changed, `state` is the very object passed in and `effects` is empty.
 */
import type { Effect } from './effects.js';
import type { Available, PairingEvent } from './events.js';
import type { ConfirmResult, DoneResult, ReleaseResult, ReserveResult, ResultFor, ResultOf } from './results.js';
import { addToHead, moveToTail, nextAgent, removeFromQueue } from './round-robin.js';
import type { ClickToChatState, ClickToChatStateData, PairingRules } from './state.js';

export interface StepOutput<R> {
  readonly state: ClickToChatState;
  readonly effects: readonly Effect[];
  readonly result: R;
}

interface Draft {
  readonly s: ClickToChatStateData;
  readonly now: number;
  readonly rules: PairingRules;
  readonly effects: Effect[];
}

const OK: DoneResult = { kind: 'ok' };

function reserve(d: Draft, e: Extract<PairingEvent, { type: 'reserve' }>): ReserveResult {
  if (e.client in d.s.clients || d.s.queue.includes(e.client)) return { kind: 'exists' };
  if (e.address !== null && e.maxPerAddress !== null) {
    const held = Object.values(d.s.clients).filter((c) => c.address === e.address).length;
    if (held >= e.maxPerAddress) return { kind: 'address-cap' };
  }
  const agent = nextAgent(d.s, new Set(e.available), d.rules.maxSessions);
  if (agent === undefined) return { kind: 'nobody-available' };
  d.s.clients[e.client] = { agent, status: 'pending', since: d.now, registeredAt: d.now, address: e.address };
  moveToTail(d.s, agent);
  return { kind: 'paired', agent };
}

function confirm(d: Draft, client: string): ConfirmResult {
  const c = d.s.clients[client];
  if (!c) return { kind: 'unknown' };
  if (c.status === 'pending') {
    c.status = 'active';
    if (c.agent !== null) d.effects.push({ type: 'link', client, agent: c.agent });
  }
  return { kind: 'active', agent: c.agent };
}

function release(d: Draft, client: string): ReleaseResult {
  const c = d.s.clients[client];
  if (!c) return { kind: 'unknown' };
  delete d.s.clients[client];
  if (c.status === 'active' && c.agent !== null) d.effects.push({ type: 'unlink', client, agent: c.agent });
  return { kind: 'released', agent: c.agent };
}

/** The agent is gone: out of the queue, its clients (oldest pair first) to others or unpaired. */
function agentGone(d: Draft, agent: string, available: Available): void {
  removeFromQueue(d.s, agent);
  const others = new Set(available.filter((a) => a !== agent));
  const held = Object.entries(d.s.clients)
    .filter(([, c]) => c.agent === agent)
    .sort(([a, x], [b, y]) => x.since - y.since || (a < b ? -1 : a > b ? 1 : 0));
  for (const [client, c] of held) {
    const to = nextAgent(d.s, others, d.rules.maxSessions);
    c.agent = to ?? null;
    c.since = d.now;
    if (to !== undefined) moveToTail(d.s, to);
    if (c.status !== 'active') continue;
    d.effects.push({ type: 'unlink', client, agent });
    if (to === undefined) d.effects.push({ type: 'unpaired', client, from: agent });
    else d.effects.push({ type: 'link', client, agent: to }, { type: 'reassigned', client, from: agent, to });
  }
}

function reconcile(d: Draft, online: readonly string[], available: Available): DoneResult {
  const here = new Set(online);
  const holding = Object.values(d.s.clients).flatMap((c) => (c.agent === null ? [] : [c.agent]));
  const gone = [...new Set([...d.s.queue, ...holding])].filter((a) => !here.has(a)).sort();
  for (const agent of gone) agentGone(d, agent, available.filter((a) => here.has(a)));
  for (const agent of [...online].filter((a) => !d.s.queue.includes(a)).sort().reverse()) addToHead(d.s, agent);
  return OK;
}

function apply(d: Draft, e: PairingEvent): ResultFor[PairingEvent['type']] {
  switch (e.type) {
    case 'reserve':
      return reserve(d, e);
    case 'confirm':
      return confirm(d, e.client);
    case 'release':
      return release(d, e.client);
    case 'agentOnline':
      addToHead(d.s, e.agent);
      return OK;
    case 'agentOffline':
      agentGone(d, e.agent, e.available);
      return OK;
    case 'reconcile':
      return reconcile(d, e.online, e.available);
  }
}

export function step<E extends PairingEvent>(state: ClickToChatState, event: E, now: number, rules: PairingRules): StepOutput<ResultOf<E>> {
  // the one place the read-only record becomes writable: a private deep copy
  const d: Draft = { s: structuredClone(state) as ClickToChatStateData, now, rules, effects: [] };
  const result = apply(d, event) as ResultOf<E>;
  if (d.effects.length === 0 && JSON.stringify(d.s) === JSON.stringify(state)) return { state, effects: [], result };
  return { state: d.s, effects: d.effects, result };
}
