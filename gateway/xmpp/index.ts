/**
 * ofgate's XMPP side: one stream per logged-in user, stanza builders and readers. The only
 * folder that imports @xmpp/*; other folders get elements as the opaque `Stanza` type.
 */
export type { Element as Stanza } from '@xmpp/xml';
export { queryArchive, walkArchive, type ArchiveQueryOptions, type ArchiveWalkOptions, type ResultVerdict } from './archive-query.js';
export { CATCH_UP_MAX_MESSAGES, compareNumericIds, createArchiveCursor, isNumericId, SEEN_MAX, wantedResult, type ArchiveCursor, type ArchivedSummary, type CatchUpFrom, type CatchUpTicket } from './archive-catch-up.js';
export { DEFAULT_MARK_EVERY_MS, markWriter, type ArchiveMarks, type MarkWriter, type MarkWriterOptions } from './archive-marks.js';
export { CHAT_STATES, chatMessage, chatStateMessage, groupchatMessage, isChatState, type ChatState, type MessageContent } from './build-message.js';
export { instantRoomConfig, joinRoomPresence, leaveRoomPresence, mediatedInvite } from './build-muc.js';
export { ownPresence, presenceMode, type PresenceMode } from './build-presence.js';
export { dataProperties, readDataProperty } from './jive-properties.js';
export { mamQuery, NS_STANZA_ID, ownArchiveId, readMamFin, readMamForward, readMamResult, type ArchivedMessage, type ArchiveFilter, type ArchiveForward } from './mam-stanzas.js';
export { parseStanzaText } from './parse-stanza-text.js';
export { readStanza, stanzaErrorOf, type InboundStanza, type Invitation, type StanzaErrorParts } from './read-stanza.js';
export { readRosterItems, rosterGet, type RosterItem } from './roster-query.js';
export { choosePasswordMechanism, isLoopbackService, isTlsService, type PasswordMechanism } from './sasl-choice.js';
export { createSessionPool, newStreamId, type LoginOptions, type LoginResult, type PooledSession, type SessionListener, type SessionPool, type SessionPoolOptions, type SessionPoolStats } from './session-pool.js';
export { openUserStream, type StreamNotice, type StreamReconnect, type UserStream, type UserStreamOptions } from './user-stream.js';
export { runOnTemporaryStream, type TemporaryStreamOptions } from './temporary-stream.js';
export { createMemoryMembershipStore, INITIAL_MEMBERSHIP, trackMembership, type Membership, type MembershipStore, type RoomMembership, type SessionMembership, type TrackedMembership } from './membership.js';
export { backoffDelay, createConcurrencyGate, createReconnectScheduler, DEFAULT_RECONNECT, pauseFor, type BackoffPolicy, type ConcurrencyGate, type Pause, type ReconnectScheduler, type ReconnectSchedulerOptions } from './reconnect-scheduler.js';
export { fromStanzaError, fromXmppError } from './xmpp-failure.js';
export { guardClient, stopClient, streamManagementSettled } from './client-guards.js';
export { registerXOAuth2, X_OAUTH2, xOAuth2Credentials } from './sasl-x-oauth2.js';
export * from './namespaces.js';
export { useStreamTls, type StreamTls } from './stream-tls.js';
