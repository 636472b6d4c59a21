/**
 * gateway/clicktochat: clicktochat_ejabberd's service on ofgate. `machine/` is the pure core
 * (round-robin queue, pairs); the files beside it are its adapters: the state in the store, the
 * effect runner (roster items, messages, SSE), the helpdesk directory (host, group, presence),
 * the client lifecycle (register, check, end), presence and hook followers, and the runtime that
 * assembles them.
 */
export { createClickToChatRuntime, type ClickToChatRuntime, type ClickToChatRuntimeDeps } from './clicktochat-runtime.js';
export type { ClickToChatSettings } from './clicktochat-settings.js';
export type { RegisterOutcome } from './client-lifecycle.js';
export { CLICKTOCHAT_COLLECTION } from './pairing-service.js';
export type { ClickToChatState, ClientRecord } from './machine/index.js';
