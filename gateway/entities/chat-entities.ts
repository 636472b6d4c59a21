/**
 * The chat history entity of `GET chat/{username}/messages` (Openfire Monitoring's
 * Conversation, as ofchat returned it).
 * References: ofchat-api.md §4 (`conversations`→`conversation`).
 */
import { entity, list, scalar } from './entity-schema.js';

export const conversationMessageEntity = entity('message', 'ConversationMessage', 'An archived message of a conversation.', {
  conversationID: scalar('string', 'Id of the conversation (a long)'),
  from: scalar('string', 'Sender JID (room JID with nick in a room)'),
  to: scalar('string', 'Recipient JID'),
  sentDate: scalar('date', 'When the server archived it'),
  body: scalar('string', 'Message text'),
});

export const conversationEntity = entity('conversation', 'Conversation', 'Messages with one peer (or in one room) without a 10-minute pause.', {
  conversationID: scalar('string', 'Archive id of the first message (a long)'),
  external: scalar('bool', 'The peer is on another domain'),
  startDate: scalar('date', 'First message'),
  lastActivity: scalar('date', 'Last message'),
  messageCount: scalar('int', 'Number of messages'),
  chatRoom: scalar('string', 'Room JID of a room conversation'),
  participantList: list('participantList', 'string', { wrapper: false, doc: 'JIDs of the participants' }),
  messages: list('message', conversationMessageEntity, { doc: 'The messages, oldest first' }),
});

export const conversationsEntity = entity('conversations', 'Conversations', 'Archived conversations.', {
  conversation: list('conversation', conversationEntity, { wrapper: false, modernKey: 'conversations' }),
});
