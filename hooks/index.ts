/**
 * hooks/: the TypeScript side of the mod_ofgate contract (erlang-shim/README.md). The
 * folder's only public entry; it imports nothing from gateway/ (secret, bus and log are
 * passed in, and gateway/ subscribes to the bus).
 */
export {
  HOOK_EVENT_NAMES,
  HOOK_PAYLOAD_VERSION,
  type ChatState,
  type EventOf,
  type HookEvent,
  type HookEventName,
  type MessageOffline,
  type MessageReceived,
  type MessageSent,
  type MessageType,
  type MucJoin,
  type MucLeave,
  type PresenceSet,
  type PresenceShow,
  type PresenceUnset,
  type SessionClosed,
  type SessionOpened,
  type UserRegistered,
  type UserRemoved,
} from './events.js';
export { decodeBatch, decodeBatchJson, decodeEvent, type BatchResult, type DecodeError, type DecodeResult, type RejectedEvent } from './decode.js';
export { MESSAGE_EVENT_NAMES, literalPattern, selectorKey, selectorPattern, selectorsWire, type MessageEventName, type MessageSelector, type MessageSelectors } from './message-selector.js';
export { createHookBus, type HookBus, type HookBusOptions, type Unsubscribe } from './bus.js';
export { createDedupWindow, splitShimId, type DedupWindow } from './dedup-window.js';
export { announceInterest, type InterestAnnouncer, type InterestAnnouncerOptions } from './interest-announcer.js';
export { SECRET_HEADER, SIGNATURE_HEADER, signBody, verifyHookRequest } from './signature.js';
export { DEFAULT_HOOK_PATH, createHookReceiver, type HookLog, type HookReceiverOptions } from './receiver.js';
export { type HookIntake, type IntakeResult } from './hook-intake.js';
export { createLocalIntake, type LocalIntakeOptions } from './local-intake.js';
export { createHookLedger, type HookLedger, type LedgerEntry } from './hook-ledger.js';
