/**
 * The admin's events: settings changed, members replaced, workgroup deleted. Pure moves on a
 * Draft.
 *
 * Rules:
 * - A settings patch with any problem is refused whole ('invalid', nothing changes); keys that
 *   are not settings are ignored. Running
 *   offers and deadlines keep their times; new ones use the new settings. Agents are told the
 *   queue again (its open/closed status may have changed).
 * - Members: new members start with the presence the event gives ('offline' if none) and their
 *   say 'auto'; removed members lose their agent state (their pending offers are revoked by
 *   `step`; their running chats run to their end).
 * - Deleting: every waiting visitor departs with agent-not-found, every pending offer is revoked,
 *   every deadline cancelled; running chats are left to end in their rooms.
 */
import { refOf, type Draft } from './draft.js';
import type { MachineEvent } from './events.js';
import { withdrawOffers } from './offers.js';
import { leaveQueue, remember } from './queue.js';
import type { DoneResult, SettingsResult } from './results.js';
import { DEFAULT_SETTINGS, validateSettings } from './settings.js';
import type { AgentData } from './state.js';

type Of<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;

export function settingsChanged(d: Draft, e: Of<'settingsChanged'>): SettingsResult {
  const problems = validateSettings(e.settings);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const known = Object.fromEntries(Object.entries(e.settings).filter(([k]) => k in DEFAULT_SETTINGS));
  d.s.settings = { ...d.s.settings, ...structuredClone(known) };
  d.notifyAll = true;
  return { kind: 'ok' };
}

export function membersChanged(d: Draft, e: Of<'membersChanged'>): DoneResult {
  const members = [...new Set(e.members)];
  const agents: Record<string, AgentData> = {};
  for (const m of members) agents[m] = d.s.agents[m] ?? { choice: 'auto', show: e.presence?.[m] ?? 'offline', lastChatEndedAt: null, lastOfferedAt: null };
  d.s.members = members;
  d.s.agents = agents;
  d.notifyAll = true;
  return { kind: 'ok' };
}

export function workgroupDeleted(d: Draft): DoneResult {
  for (const req of [...d.s.queue]) {
    withdrawOffers(d, req, 'workgroup-deleted');
    leaveQueue(d, req.requestId);
    remember(d, req.requestId, req.offeredTo);
    d.effects.push({ type: 'departQueue', request: refOf(d, req), reason: 'agent-not-found' });
  }
  return { kind: 'ok' };
}
