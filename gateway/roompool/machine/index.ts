/**
 * The room pool's pure core (HelpIM's room bot, helpdesk-peers.md C.4–C.13): rooms and their
 * states, staff takes, the client queue and matching, time-outs and the reconcile with
 * ejabberd's occupants, as a state machine. Events and the current time in; the next state,
 * effects and the caller's answer out. Nothing here does I/O.
 *
 * Use: read the pool record, `step(state, event, now)`, write `out.state` back atomically
 * (step again on a conflict; skip the write when `out.state === state`), then carry out
 * `out.effects` in order and answer the caller from `out.result`.
 */
export { step, type StepOutput } from './step.js';
export { DEFAULT_SETTINGS, SETTING_NAMES, settingProblems } from './settings.js';
export { CLOSE_REASONS } from './cleanup.js';
export { REASONS } from './one2one.js';
export { heldBy, isOpen, statisticsOf, stockOf, ticketView, typesInUse, type PoolStatistics, type TicketView } from './views.js';
export { waitingRooms } from './matching.js';
export { bareJid, isCleanLeave, partyOf, type Party } from './occupants.js';
export type { Effect, EffectType, RoomSummary } from './effects.js';
export type { FreshRoom, Occupant, PoolEvent, PoolEventType } from './events.js';
export type { ArchiveResult, CancelResult, ReconcileResult, RequestResult, ResultFor, ResultOf, RoomResult, SettingsResult, TakeResult } from './results.js';
export {
  LOG_KEPT,
  ONE2ONE_STATUSES,
  isLive,
  isStock,
  newPool,
  onDuty,
  type GroupStatus,
  type LogEntry,
  type LogKind,
  type One2OneStatus,
  type PoolSettings,
  type PoolState,
  type RoomState,
  type RoomStatus,
  type RoomType,
  type Ticket,
} from './state.js';
