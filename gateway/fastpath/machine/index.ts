/**
 * Fastpath's pure core: one workgroup's queue, offers, routing and timers as a state machine.
 * Events and the current time in; the next state, effects and the caller's answer out. The
 * adapters (store, XMPP, SSE, routes) are built on this API; nothing here does I/O.
 *
 * Use: read the workgroup record, `step(state, event, now)`, write `out.state` back with
 * compare-and-set (step again on a conflict; skip the write when `out.state === state`), then
 * carry out `out.effects` in order and answer the caller from `out.result`.
 */
export { step, type StepOutput } from './step.js';
export { joinRefusal } from './visitor-events.js';
export { newWorkgroup, validateSettings, DEFAULT_SETTINGS } from './settings.js';
export { isOpen, nextOpening, validateBusinessHours, LOOKAHEAD_DAYS, type BusinessHours, type WeeklyRange } from './business-hours.js';
export { openStatus, type OpenStatus } from './open-status.js';
export { agentViews, hasFreeAgent, queueDetails, queueSummary, resumeEffects, visitorStatus, type AgentView, type VisitorStatus } from './views.js';
export { isAvailable, availableAgents, currentChats, pendingOfferOf } from './availability.js';
export { estimatedSeconds, DEFAULT_WAIT_SECONDS } from './queue.js';
export { deadlineKeyOf, REVOKE_TEXT, type ChatEndReason, type TransferOutcome, type DepartReason, type Effect, type EffectType, type QueueDetail, type QueueSummary, type RequestRef, type RevokeReason } from './effects.js';
export type { DeadlineKind, DeadlineRef, JoinEvent, MachineEvent, MachineEventType } from './events.js';
export type {
  AcceptResult,
  AgentLeaveResult,
  AgentResult,
  CancelResult,
  DeadlineResult,
  DoneResult,
  EndResult,
  InviteResult,
  JoinResult,
  RejectResult,
  ResultFor,
  ResultOf,
  RoomResult,
  SettingsResult,
  TransferResult,
} from './results.js';
export {
  MAX_OVERFLOWS,
  FINISHED_KEPT,
  type ActiveChat,
  type AgentChoice,
  type AgentState,
  type Ask,
  type ChatStatus,
  type DeepReadonly,
  type Offer,
  type QueuedRequest,
  type Rejector,
  type RoutingStrategy,
  type Show,
  type WorkgroupSettings,
  type WorkgroupState,
} from './state.js';
