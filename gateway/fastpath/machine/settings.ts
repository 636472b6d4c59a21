/**
 * A workgroup's settings: Openfire's defaults, the checks an admin's change must pass, and a new
 * workgroup's first state. Pure.
 *
 * Rules:
 * - Defaults are Openfire Fastpath's (offer 20 s, rejection 20 s, request 4 min, 4 chats per
 *   agent) plus ofgate's own (routing 'openfire', away agents get no offers, no auto
 *   availability, unlimited queue, no business hours, open, not public). The adapter layers the
 *   configuration's defaults over these when it creates a workgroup.
 * - `validateSettings` names each bad field; `step` refuses a settingsChanged whose patch has
 *   any problem, so the state never holds a setting that could not be routed with.
 */
import { validateBusinessHours } from './business-hours.js';
import type { WorkgroupSettings, WorkgroupState } from './state.js';

export const DEFAULT_SETTINGS: WorkgroupSettings = {
  offerTimeoutMs: 20_000,
  rejectionTimeoutMs: 20_000,
  requestTimeoutMs: 240_000,
  maxChatsPerAgent: 4,
  overflowTarget: null,
  open: true,
  public: false,
  routing: 'openfire',
  awayGetsOffers: false,
  autoAvailable: false,
  maxQueueLength: null,
  businessHours: null,
};

const ROUTINGS: ReadonlyArray<WorkgroupSettings['routing']> = ['openfire', 'roundRobin', 'broadcast'];
/** Longest timer a setting may hold: 24 h. */
const MAX_TIMEOUT_MS = 86_400_000;

const positiveMs = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_TIMEOUT_MS;

/** What is wrong with a settings patch, each problem naming its field; empty when it applies. */
export function validateSettings(patch: Partial<WorkgroupSettings>): string[] {
  const p: string[] = [];
  for (const k of ['offerTimeoutMs', 'rejectionTimeoutMs', 'requestTimeoutMs'] as const) {
    if (k in patch && !positiveMs(patch[k])) p.push(`${k}: whole milliseconds, 1 to ${MAX_TIMEOUT_MS}`);
  }
  if ('maxChatsPerAgent' in patch && !(Number.isInteger(patch.maxChatsPerAgent) && (patch.maxChatsPerAgent as number) >= 0 && (patch.maxChatsPerAgent as number) <= 1000)) {
    p.push('maxChatsPerAgent: a whole number, 0 to 1000');
  }
  if ('overflowTarget' in patch && patch.overflowTarget !== null && !(typeof patch.overflowTarget === 'string' && patch.overflowTarget.length > 0)) {
    p.push('overflowTarget: a workgroup name or null');
  }
  for (const k of ['open', 'public', 'awayGetsOffers', 'autoAvailable'] as const) {
    if (k in patch && typeof patch[k] !== 'boolean') p.push(`${k}: true or false`);
  }
  if ('routing' in patch && !ROUTINGS.includes(patch.routing as WorkgroupSettings['routing'])) p.push(`routing: one of ${ROUTINGS.join(', ')}`);
  if ('maxQueueLength' in patch && patch.maxQueueLength !== null && !(Number.isInteger(patch.maxQueueLength) && (patch.maxQueueLength as number) >= 1)) {
    p.push('maxQueueLength: a whole number from 1, or null');
  }
  if ('businessHours' in patch && patch.businessHours !== null) {
    if (typeof patch.businessHours !== 'object' || patch.businessHours === undefined) p.push('businessHours: {timeZone, weekly, holidays} or null');
    else p.push(...validateBusinessHours(patch.businessHours));
  }
  return p;
}

/** A new workgroup's state: no agent available yet, an empty queue. Throws on bad settings. */
export function newWorkgroup(name: string, settings: Partial<WorkgroupSettings> = {}, members: readonly string[] = []): WorkgroupState {
  const problems = validateSettings(settings);
  if (problems.length > 0) throw new Error(`workgroup ${name}: ${problems.join('; ')}`);
  const unique = [...new Set(members)];
  return {
    format: 1,
    name,
    settings: { ...DEFAULT_SETTINGS, ...settings },
    members: unique,
    agents: Object.fromEntries(unique.map((m) => [m, { choice: 'auto', show: 'offline', lastChatEndedAt: null, lastOfferedAt: null }])),
    queue: [],
    chats: {},
    seq: 0,
    averageWaitMs: null,
    finished: [],
  };
}
