/** The chat API (ofchat's chat/* endpoints) over per-user XMPP streams, and its SSE events. */
export { bareJid, roomJid } from './chat-addresses.js';
export type { ChatEvents, ChatSettings } from './chat-context.js';
export type { ContactRecord } from './chat-contacts.js';
export { createChatService, type ChatService, type ChatServiceDeps } from './chat-service.js';
export { CONVERSATION_IDLE_MS, groupConversations, type Conversation, type ConversationMessage } from './conversations.js';
export { parseHistoryDate, parseHistoryQuery, type HistoryParams, type HistoryQuery } from './history-query.js';
export { startIdleSweeper, sweepIdle, type IdleSweeper } from './idle-sweeper.js';
export { messageContent } from './message-text.js';
export { createPresenceBook, type LivePresence, type PresenceBook } from './presence-book.js';
export { connectionEvent, dataValue, stanzaEvents, type ConnectionStatus } from './stanza-events.js';
export { createStoreMembershipStore } from './membership-records.js';
export { directoryEntry, searchesPropertyValues, type DirectoryPolicy } from './user-directory.js';
export { ARCHIVE_MARKS, createStoreArchiveMarks } from './archive-mark-records.js';
