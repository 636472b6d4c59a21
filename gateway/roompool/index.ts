/**
 * gateway/roompool: the room pool (HelpIM's room bot on ejabberd). `machine/` is the pure core
 * (room states, staff takes, the client queue and matching, time-outs, the reconcile); the files
 * beside it are its adapters: the pool in the store, rooms in ejabberd, the effect runner, the
 * hook follower, transcripts, the bot's passes under a lease, the web app's desk, and the
 * runtime that assembles them.
 */
export { createRoomPoolRuntime, RETENTION_KIND, type RoomPoolRuntime, type RoomPoolRuntimeDeps } from './roompool-runtime.js';
export type { RoomPoolDesk, RoomView, TakeInput, Taken } from './pool-desk.js';
export type { RoomPoolConfig } from './pool-config.js';
export { channelOf } from './pool-events.js';
export { RESERVATION_KIND } from './effect-runner.js';
export { isPoolRoom } from './pool-names.js';
export type { Transcript, TranscriptMessage } from './transcripts.js';
export {
  ONE2ONE_STATUSES,
  SETTING_NAMES,
  type LogEntry,
  type PoolSettings,
  type PoolStatistics,
  type RoomState,
  type RoomStatus,
  type RoomType,
  type TicketView,
} from './machine/index.js';
