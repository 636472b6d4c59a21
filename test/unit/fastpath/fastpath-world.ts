/**
 * A miniature adapter for the Fastpath machine's tests: workgroup states by name, a fake deadline
 * scheduler fed by the schedule/cancelDeadline effects, overflow effects stepped on their target,
 * and a log of every effect. Time moves only by `advance`, firing due deadlines in order.
 */
import assert from 'node:assert/strict';
import { newWorkgroup, step, type Effect, type JoinEvent, type MachineEvent, type ResultOf, type Show, type WorkgroupSettings, type WorkgroupState } from '../../../gateway/fastpath/machine/index.js';
import type { DeadlineRef } from '../../../gateway/fastpath/machine/index.js';

/** Monday 2024-03-04 10:00:00 UTC. */
export const T0 = Date.parse('2024-03-04T10:00:00Z');

export interface Logged {
  readonly wg: string;
  readonly at: number;
  readonly effect: Effect;
}

export class World {
  readonly states = new Map<string, WorkgroupState>();
  readonly log: Logged[] = [];
  private readonly timers = new Map<string, { wg: string; at: number; deadline: DeadlineRef }>();
  now = T0;

  constructor(groups: Record<string, { settings?: Partial<WorkgroupSettings>; members?: string[] }> = { sales: {} }) {
    for (const [name, g] of Object.entries(groups)) this.states.set(name, newWorkgroup(name, g.settings ?? {}, g.members ?? ['alice', 'bob', 'carol']));
  }

  state(wg = 'sales'): WorkgroupState {
    const s = this.states.get(wg);
    assert.ok(s, `workgroup ${wg}`);
    return s;
  }

  do<E extends MachineEvent>(event: E, wg = 'sales'): ResultOf<E> {
    const out = step(this.state(wg), event, this.now);
    this.states.set(wg, out.state);
    for (const effect of out.effects) {
      this.log.push({ wg, at: this.now, effect });
      if (effect.type === 'schedule') this.timers.set(`${wg}|${effect.kind}|${effect.key}`, { wg, at: effect.at, deadline: effect.deadline });
      if (effect.type === 'cancelDeadline') this.timers.delete(`${wg}|${effect.kind}|${effect.key}`);
    }
    for (const effect of out.effects) if (effect.type === 'overflow') this.do(effect.join, effect.to);
    return out.result;
  }

  /** Moves time by `ms`, firing every deadline that falls due on the way, earliest first. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: [string, { wg: string; at: number; deadline: DeadlineRef }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.now = Math.max(this.now, next[1].at);
      this.do({ type: 'deadline', deadline: next[1].deadline }, next[1].wg);
    }
    this.now = end;
  }

  timerCount(): number {
    return this.timers.size;
  }

  mark(): number {
    return this.log.length;
  }

  since(mark: number): Effect[] {
    return this.log.slice(mark).map((l) => l.effect);
  }
}

export function ask(userId: string, extra: Partial<JoinEvent> = {}): JoinEvent {
  return { type: 'join', requestId: `r-${userId}`, userId, visitor: `${userId}@visitors`, metadata: { username: userId, email: `${userId}@example.com`, question: 'help?' }, ...extra };
}

export const online = (agent: string, show?: Show): MachineEvent => ({ type: 'agentAvailable', agent, ...(show ? { show } : {}) });

/** What a list of effects did, as short strings, kept to the given effect types. */
export function said(effects: readonly Effect[], ...types: Array<Effect['type']>): string[] {
  return effects.filter((e) => types.length === 0 || types.includes(e.type)).map(describe);
}

export function describe(e: Effect): string {
  switch (e.type) {
    case 'sendOffer':
      return `offer ${e.request.userId} → ${e.agent}${e.transferFrom ? ` (transfer from ${e.transferFrom})` : ''}`;
    case 'revokeOffer':
      return `revoke ${e.request.userId} from ${e.agent}: ${e.text}`;
    case 'createRoom':
      return `room ${e.request.requestId} for ${e.agent} + ${e.request.userId}`;
    case 'destroyRoom':
      return `destroy ${e.request.requestId}`;
    case 'inviteAgent':
      return `invite ${e.agent} to ${e.request.requestId}`;
    case 'inviteVisitor':
      return `invite ${e.request.userId} to ${e.request.requestId}`;
    case 'updateQueue':
      return `${e.request.userId} at ${e.position} (${e.estimatedSeconds} s)`;
    case 'departQueue':
      return `depart ${e.request.userId}: ${e.reason}`;
    case 'notifyAgents':
      return `notify ${e.agents.join(',')}: ${e.details.map((x) => x.userId).join(',')}`;
    case 'overflow':
      return `overflow ${e.join.userId} ${e.from} → ${e.to} (#${e.join.overflowCount ?? 0})`;
    case 'schedule':
      return `schedule ${e.kind} ${e.key} at +${e.at - T0}`;
    case 'cancelDeadline':
      return `cancel ${e.kind} ${e.key}`;
    case 'transferOutcome':
      return `transfer of ${e.request.userId} to ${e.target}: ${e.outcome} (told ${e.agent})`;
    case 'inviteColleague':
      return `${e.agent} invites ${e.colleague} to ${e.request.requestId}`;
  }
}
