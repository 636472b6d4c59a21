/**
 * Entities of the routes the visitor widget and the agent console use beyond Fastpath's own
 * (docs/pages.md): a workgroup's launcher state and page settings, offline messages, chat
 * records with their transcripts, canned replies and the visitor's rating.
 *
 * Rules kept: ofgate's own shapes (ofchat had none of these); the chat record's visitor fields
 * sit flat on the record (an entity has no single nested object); times are dates (epoch ms in
 * modern JSON), except the launcher's `nextOpening`, an ISO-8601 text the widget shows as is.
 */
import { entity, list, scalar } from './entity-schema.js';

export const formFieldEntity = entity('field', 'PageFormField', 'A field of the widget\'s pre-chat or offline form.', {
  name: scalar('string', 'Field name: name, email, question, message (POST ask\'s nickname, emailAddress, question) or a metadata name (product, company, state, country)'),
  label: scalar('string', 'Label shown instead of the widget\'s own (absent: the widget\'s translated label)'),
  type: scalar('string', 'text, email or textarea'),
  required: scalar('bool', 'The visitor must fill it'),
});

export const launcherEntity = entity('workgroup', 'WorkgroupLauncher', 'What the widget\'s launcher shows of a workgroup (GET workgroups/{workgroup}).', {
  workgroup: scalar('string', 'Workgroup name'),
  title: scalar('string', 'Title of the widget (page settings; default: the workgroup\'s description, else its name)'),
  open: scalar('bool', 'Takes requests now (open setting and business hours)'),
  agentsAvailable: scalar('int', 'Agents available now'),
  queueLength: scalar('int', 'Requests waiting now'),
  estimatedWait: scalar('int', 'Estimated wait of a request asked now, seconds'),
  nextOpening: scalar('string', 'When closed by business hours: the next opening, ISO-8601'),
  form: list('field', formFieldEntity, { doc: 'The pre-chat form' }),
  offlineForm: list('field', formFieldEntity, { doc: 'The offline message form' }),
});

export const offlineMessageEntity = entity('message', 'OfflineMessage', 'A message left for a workgroup while it was closed or had no agent.', {
  id: scalar('string', 'Answer: the message id'),
  workgroup: scalar('string', 'Answer: workgroup name'),
  name: scalar('string', 'Required. The visitor\'s name'),
  email: scalar('string', 'Required. The visitor\'s email address'),
  message: scalar('string', 'Required. The message'),
  createdAt: scalar('date', 'Answer: when it was left'),
});

export const offlineMessagesEntity = entity('messages', 'OfflineMessages', 'A workgroup\'s offline messages, newest first.', {
  message: list('message', offlineMessageEntity, { wrapper: false, modernKey: 'messages' }),
});

export const cannedReplyEntity = entity('canned', 'CannedReply', 'A canned reply of a workgroup.', {
  id: scalar('string', 'Answer: the reply id'),
  title: scalar('string', 'Required. Short title (at most 200 characters)'),
  text: scalar('string', 'Required. The text an agent sends (at most 4000 characters)'),
});

export const cannedRepliesEntity = entity('cannedReplies', 'CannedReplies', 'A workgroup\'s canned replies, by title.', {
  canned: list('canned', cannedReplyEntity, { wrapper: false, modernKey: 'canned' }),
});

export const transcriptMessageEntity = entity('message', 'TranscriptMessage', 'A message of a support chat (from the room\'s archive).', {
  from: scalar('string', 'The sender\'s occupant JID (room/nick)'),
  nick: scalar('string', 'The sender\'s name (the visitor\'s nickname or userID for the visitor)'),
  role: scalar('string', 'visitor or agent'),
  body: scalar('string', 'Text'),
  at: scalar('date', 'When it was sent'),
});

export const transcriptEntity = entity('transcript', 'Transcript', 'A support chat\'s messages, oldest first.', {
  requestId: scalar('string', 'Request id (= support room name)'),
  message: list('message', transcriptMessageEntity, { wrapper: false, modernKey: 'messages' }),
});

export const chatRecordEntity = entity('chat', 'ChatRecord', 'A support chat: who asked what, who answered, when, the rating; with GET …/chats/{requestId} its transcript.', {
  requestId: scalar('string', 'Request id (= support room name)'),
  workgroup: scalar('string', 'Workgroup that holds it (the last one, after a transfer)'),
  userID: scalar('string', 'The visitor\'s userID'),
  nickname: scalar('string', 'The visitor\'s name'),
  email: scalar('string', 'The visitor\'s email address'),
  question: scalar('string', 'What the visitor asked'),
  product: scalar('string', 'Product'),
  company: scalar('string', 'Company'),
  state: scalar('string', 'State or region'),
  country: scalar('string', 'Country'),
  identity: scalar('string', 'Verified identity from the host site'),
  agent: scalar('string', 'The agent holding (or that held) the chat last'),
  previousAgents: list('agent', 'string', { doc: 'Agents that held it before a transfer' }),
  room: scalar('string', 'Support room JID'),
  queuedAt: scalar('date', 'When the visitor asked'),
  acceptedAt: scalar('date', 'When an agent accepted'),
  endedAt: scalar('date', 'When the chat ended (absent while it goes on)'),
  endReason: scalar('string', 'agent-ended, visitor-cancelled, everyone-left, no-agent (absent while it goes on)'),
  rating: scalar('int', 'The visitor\'s rating, 1 to 5'),
  comment: scalar('string', 'The visitor\'s comment with its rating'),
  ratedAt: scalar('date', 'When the visitor rated'),
  message: list('message', transcriptMessageEntity, { wrapper: false, modernKey: 'messages', doc: 'GET …/chats/{requestId} only: the transcript' }),
});

export const chatRecordsEntity = entity('chats', 'ChatRecords', 'Chat records, newest first.', {
  chat: list('chat', chatRecordEntity, { wrapper: false, modernKey: 'chats' }),
});

export const ratingEntity = entity('rating', 'ChatRating', 'The visitor\'s rating of its chat.', {
  rating: scalar('int', 'Required. 1 (bad) to 5 (good)'),
  comment: scalar('string', 'A comment (at most 2000 characters)'),
});

export const pageSettingsEntity = entity('page', 'WorkgroupPageSettings', 'A workgroup\'s widget settings (PUT workgroups/{workgroup}/page): fields left out keep their value.', {
  title: scalar('string', 'Title of the widget (at most 200 characters; "" back to the default)'),
  form: list('field', formFieldEntity, { doc: 'The pre-chat form (at most 12 fields); an empty list back to the default (name, email, question)' }),
  offlineForm: list('field', formFieldEntity, { doc: 'The offline message form (at most 12 fields); an empty list back to the default (name, email, message)' }),
});
