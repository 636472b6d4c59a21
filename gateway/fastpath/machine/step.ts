/**
 * The machine: `step(state, event, now)` → the next state, the effects to carry out, and the
 * answer for the caller. Pure and deterministic: the same (state, event, now) always gives the
 * same output, so the adapter can read the record, step, write it back with compare-and-set and
 * simply step again on a conflict. Nothing here reads a clock, a timer, the network or a store.
 *
 * Every step, after the event's own move (the *-events.ts files), keeps the invariants:
 * 1. no pending offer is held by an agent who is no longer available (revoked, reason
 *    agent-unavailable or not-member; the request keeps its place; a chat's transfer offer
 *    is withdrawn and the chat stays with its agent);
 * 2. every waiting request that some agent could take has its offer (routing.ts);
 * 3. every visitor whose position changed (or who just joined) gets update-queue, and no one else;
 * 4. when the queue changed (membership or order) or the event asks for it, every available agent
 *    gets notify-queue + details; an agent who just became available gets them too.
 * When nothing changed, `state` is the very object passed in and `effects` is empty.
 */
import { membersChanged, settingsChanged, workgroupDeleted } from './admin-events.js';
import { accept, agentAvailable, agentPresence, agentUnavailable, reject } from './agent-events.js';
import { availableAgents, isAvailable } from './availability.js';
import { chatEnded, roomCreated, roomFailed } from './chat-events.js';
import { fireDeadline } from './deadline-events.js';
import { refOf, type Draft } from './draft.js';
import type { Effect } from './effects.js';
import type { MachineEvent } from './events.js';
import { withdrawOffers } from './offers.js';
import { estimatedSeconds, positions } from './queue.js';
import type { ResultFor, ResultOf } from './results.js';
import { routeAll } from './routing.js';
import type { WorkgroupState, WorkgroupStateData } from './state.js';
import { inviteColleague, revokeUnavailableTransfers, transferToAgent, transferToWorkgroup } from './transfer-events.js';
import { cancel, join } from './visitor-events.js';
import { queueDetails, queueSummary } from './views.js';

export interface StepOutput<R> {
  readonly state: WorkgroupState;
  readonly effects: readonly Effect[];
  readonly result: R;
}

function apply(d: Draft, e: MachineEvent): ResultFor[MachineEvent['type']] {
  switch (e.type) {
    case 'join':
      return join(d, e);
    case 'cancel':
      return cancel(d, e.userId);
    case 'agentAvailable':
      return agentAvailable(d, e.agent, e.show);
    case 'agentUnavailable':
      return agentUnavailable(d, e.agent);
    case 'agentPresence':
      return agentPresence(d, e.agent, e.show);
    case 'accept':
      return accept(d, e.offerId, e.agent);
    case 'reject':
      return reject(d, e.offerId, e.agent);
    case 'roomCreated':
      return roomCreated(d, e.offerId);
    case 'roomFailed':
      return roomFailed(d, e.offerId);
    case 'chatEnded':
      return chatEnded(d, e.offerId, e.agent);
    case 'transferToAgent':
      return transferToAgent(d, e.offerId, e.agent, e.target);
    case 'transferToWorkgroup':
      return transferToWorkgroup(d, e.offerId, e.agent, e.workgroup);
    case 'inviteColleague':
      return inviteColleague(d, e.offerId, e.agent, e.colleague);
    case 'deadline':
      return fireDeadline(d, e.deadline);
    case 'settingsChanged':
      return settingsChanged(d, e);
    case 'membersChanged':
      return membersChanged(d, e);
    case 'workgroupDeleted':
      return workgroupDeleted(d);
    case 'reconcile':
      return { kind: 'ok' };
  }
}

function revokeUnavailable(d: Draft): void {
  for (const req of d.s.queue) {
    withdrawOffers(d, req, 'not-member', (a) => !d.s.members.includes(a));
    withdrawOffers(d, req, 'agent-unavailable', (a) => !isAvailable(d.s, a));
  }
  revokeUnavailableTransfers(d);
}

function announcePositions(d: Draft, before: ReadonlyMap<string, number>): void {
  d.s.queue.forEach((req, i) => {
    const position = i + 1;
    if (before.get(req.requestId) === position) return;
    d.effects.push({ type: 'updateQueue', request: refOf(d, req), position, estimatedSeconds: estimatedSeconds(d.s, position) });
  });
}

function notifyAgents(d: Draft, queueBefore: string, availableBefore: readonly string[]): void {
  const now = availableAgents(d.s);
  const changed = d.notifyAll || d.s.queue.map((r) => r.requestId).join('\n') !== queueBefore;
  const agents = changed ? now : now.filter((a) => !availableBefore.includes(a));
  if (agents.length === 0) return;
  d.effects.push({ type: 'notifyAgents', workgroup: d.s.name, agents, summary: queueSummary(d.s, d.now), details: queueDetails(d.s) });
}

export function step<E extends MachineEvent>(state: WorkgroupState, event: E, now: number): StepOutput<ResultOf<E>> {
  // The one place the read-only record becomes writable: a private deep copy.
  const d: Draft = { s: structuredClone(state) as WorkgroupStateData, now, effects: [], notifyAll: false };
  const before = positions(state.queue);
  const queueBefore = state.queue.map((r) => r.requestId).join('\n');
  const availableBefore = availableAgents(state);
  const result = apply(d, event) as ResultOf<E>;
  revokeUnavailable(d);
  routeAll(d);
  announcePositions(d, before);
  notifyAgents(d, queueBefore, availableBefore);
  if (d.effects.length === 0 && JSON.stringify(d.s) === JSON.stringify(state)) return { state, effects: [], result };
  return { state: d.s, effects: d.effects, result };
}
