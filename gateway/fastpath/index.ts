/**
 * gateway/fastpath: ofgate's Fastpath workgroup service. `machine/` is the pure core (queue,
 * offers, routing, timers); the files beside it are its adapters: workgroups in the store, the
 * effect runner (SSE events, XMPP notices, support rooms, deadlines), the visitor and agent
 * sides, presence-driven availability, and the runtime that assembles them.
 */
export { createWorkgroupService, WORKGROUP_COLLECTION, type WorkgroupRecord, type WorkgroupService, type WorkgroupServiceOptions } from './workgroup-service.js';
export { createFastpathRuntime, type FastpathRuntime, type FastpathRuntimeDeps } from './fastpath-runtime.js';
export { createSupportRooms, type SupportRooms } from './support-rooms.js';
export type { AgentDesk, AgentQueue, AgentWorkgroup } from './agent-desk.js';
export type { AskInput, AskStatus, AskTicket, VisitorAsks } from './visitor-asks.js';
export type { AskFields, AskRecord } from './ask-records.js';
export { waitForRoom, type AskOutcome } from './ask-waiter.js';
export { identityHolds, type VisitorTokens } from './visitor-token.js';
export { workgroupJid } from './fastpath-events.js';
export { detailOf, summaryOf, type WorkgroupDetail, type WorkgroupSummary } from './workgroup-report.js';
export { MAX_DESCRIPTION, MAX_MEMBERS, memberList, parseMembers, splitMembers, workgroupDescription, workgroupName } from './workgroup-names.js';
export type { AgentView, Effect, QueueDetail, QueueSummary, VisitorStatus, WorkgroupSettings, WorkgroupState } from './machine/index.js';
export { visitorRoomEvents, VISITOR_ACCOUNT_PREFIX } from './visitor-room-events.js';
export { partyOf, passedThrough, ratingInput, type ChatRecord } from './chat-records.js';
export { transcriptText, type TranscriptMessage } from './transcripts.js';
export { heldBy } from './chat-record-search.js';
export { cannedInput } from './canned-replies.js';
export { launcherState } from './launcher-state.js';
export { offlineMessageInput, type OfflineMessage } from './offline-messages.js';
export { pageChange } from './page-settings.js';
