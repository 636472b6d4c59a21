/**
 * A tiny world around click-to-chat's machine for table-driven tests: agents come and go with a
 * show, clients register (reserve + confirm, as the register route does), and every step's
 * state, effects and result are kept. Agents are named `a`, `b`…: their JIDs are `a@hd`; clients
 * `c1`… are `c1@cl`.
 */
import { emptyState, step, type ClickToChatState, type Effect, type PairingEvent, type ResultOf } from '../../../gateway/clicktochat/machine/index.js';

export const agentJid = (a: string): string => `${a}@hd`;
export const clientJid = (c: string): string => `${c}@cl`;
const short = (jid: string | null): string => (jid === null ? '-' : jid.split('@')[0] as string);

export class PairingWorld {
  now = 1_000;
  state: ClickToChatState = emptyState();
  readonly effects: Effect[] = [];
  /** Online agents and their show. */
  readonly shows = new Map<string, 'available' | 'away' | 'dnd'>();

  constructor(readonly maxSessions: number) {}

  available(): string[] {
    return [...this.shows].filter(([, s]) => s === 'available').map(([a]) => agentJid(a));
  }

  do<E extends PairingEvent>(event: E): ResultOf<E> {
    this.now += 1_000;
    const out = step(this.state, event, this.now, { maxSessions: this.maxSessions });
    this.state = out.state;
    this.effects.push(...out.effects);
    return out.result;
  }

  online(a: string, show: 'available' | 'away' | 'dnd' = 'available'): void {
    const first = !this.shows.has(a);
    this.shows.set(a, show);
    if (first) this.do({ type: 'agentOnline', agent: agentJid(a) });
  }

  offline(a: string): void {
    this.shows.delete(a);
    this.do({ type: 'agentOffline', agent: agentJid(a), available: this.available() });
  }

  /** A whole register: the agent's short name, or the refusal. */
  register(c: string, opts: { confirm?: boolean; address?: string; cap?: number } = {}): string {
    const r = this.do({ type: 'reserve', client: clientJid(c), available: this.available(), address: opts.address ?? null, maxPerAddress: opts.cap ?? null });
    if (r.kind !== 'paired') return r.kind;
    if (opts.confirm === false) return short(r.agent);
    const confirmed = this.do({ type: 'confirm', client: clientJid(c) });
    return confirmed.kind === 'active' ? short(confirmed.agent) : confirmed.kind;
  }

  release(c: string): string {
    const r = this.do({ type: 'release', client: clientJid(c) });
    return r.kind === 'released' ? `released from ${short(r.agent)}` : r.kind;
  }

  queue(): string[] {
    return this.state.queue.map(short);
  }

  /** Client → its agent's short name ('-' when unpaired). */
  pairs(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.state.clients).map(([c, r]) => [short(c), short(r.agent)]));
  }

  /** Effects as short lines, from `from` on. */
  said(from = 0): string[] {
    return this.effects.slice(from).map((e) => {
      switch (e.type) {
        case 'link':
          return `link ${short(e.client)}-${short(e.agent)}`;
        case 'unlink':
          return `unlink ${short(e.client)}-${short(e.agent)}`;
        case 'reassigned':
          return `reassigned ${short(e.client)}: ${short(e.from)} → ${short(e.to)}`;
        case 'unpaired':
          return `unpaired ${short(e.client)} from ${short(e.from)}`;
      }
    });
  }
}
