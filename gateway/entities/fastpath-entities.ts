/**
 * Fastpath entities of the visitor routes (POST ask, GET ask/{userId}) and the agent routes
 * (GET chat/{sid}/assists, GET chat/{sid}/assists/queues), in ofchat's shapes.
 *
 * Rules kept:
 * - ofchat's fields come first, with ofchat's element names and types (its JAXB classes
 *   AssistEntity, AskQueue, WorkgroupEntities, AssistQueues/AssistQueue/QueueItem); ofgate's
 *   additions follow. A client that reads only ofchat's fields sees what ofchat sent.
 * - `workgroups.workgroup` stays a list of workgroup JID strings, as ofchat sent it (clients put
 *   it back into POST chat/{sid}/assists/{workgroup}); ofgate's per-workgroup details (name,
 *   available, chats) come beside it as `agentWorkgroup` items, not in place of the strings.
 * - Modern JSON list keys are ofchat's Java property names (`workgroups`, `queues`, `users`),
 *   as its Swagger file names them.
 * - Fastpath's positions: the visitor's (AskQueue.queuePosition, from queue-status) is 1-based;
 *   the agents' (QueueItem.queuePosition, from notify-queue-details) is 0-based; -1 means "not
 *   waiting". ofgate's own `position` fields are 1-based everywhere. Times are whole seconds.
 * - ofchat always sent AskQueue's and AssistQueue's primitive fields (ints default -1 or 0,
 *   booleans false); the renderer omits what the value leaves out, so routes fill them.
 * References: ../shared/notes/ofchat-api.md §4 (`assist`, `queue`, `queues`, `workgroups`),
 * §5.8, §5.9, §7; issue 21 (visitor token, ?wait=false, priority, identity).
 */
import { entity, list, scalar, type ValueOfEntity } from './entity-schema.js';

export const assistEntity = entity('assist', 'Assist', 'A visitor\'s request for help (body of POST ask) and, filled, its answer (ofchat\'s AssistEntity).', {
  nickname: scalar('string', 'Name the visitor goes by'),
  userID: scalar('string', 'Required. The visitor\'s id: names the ask/{userId} routes and the visitor\'s SSE stream'),
  emailAddress: scalar('string', 'Required. The visitor\'s email address'),
  agent: scalar('string', 'Agent user name to offer the request to first'),
  question: scalar('string', 'Required. What the visitor asks'),
  product: scalar('string', 'Product (metadata shown to agents)'),
  company: scalar('string', 'Company (metadata shown to agents)'),
  state: scalar('string', 'State or region (metadata shown to agents)'),
  country: scalar('string', 'Country (metadata shown to agents)'),
  workgroup: scalar('string', 'Required. Workgroup name, without the domain'),
  url: scalar('string', 'Answer: web meeting URL for the room'),
  groupchat: scalar('string', 'Answer: support room JID'),
  message: scalar('string', 'Answer: the invitation text'),
  sender: scalar('string', 'Answer: who invited the visitor (the workgroup JID)'),
  priority: scalar('int', 'ofgate: queue priority, higher served first (FIFO within a priority); honoured from admin or secret callers only'),
  identity: scalar('string', 'ofgate: the visitor\'s identity as the host site vouches for it (public workgroups)'),
  identityHash: scalar('string', 'ofgate: hex HMAC-SHA256 of identity with the workgroup\'s secret'),
  requestId: scalar('string', 'ofgate answer: request id (= offer id = support room name)'),
  token: scalar('string', 'ofgate answer: visitor token for GET /sse/{userID} and the ask/{userId} routes of this request only'),
  position: scalar('int', 'ofgate answer with ?wait=false: place in the queue, 1-based'),
  estimatedWait: scalar('int', 'ofgate answer with ?wait=false: estimated wait, seconds'),
});

export const askQueueEntity = entity('queue', 'AskQueue', 'Where a visitor\'s request stands (GET ask/{userId}; ofchat\'s AskQueue).', {
  workgroupJID: scalar('string', 'Workgroup JID ({name}@workgroup.{domain})'),
  inQueue: scalar('bool', 'Waiting in the queue (offered included)'),
  available: scalar('bool', 'The workgroup is open'),
  queuePosition: scalar('int', 'Place in the queue, 1-based as Fastpath\'s queue-status; -1 when not waiting'),
  queueRemainingTime: scalar('int', 'Estimated wait, seconds; -1 when not waiting'),
  workgroup: scalar('string', 'ofgate: workgroup name'),
  requestId: scalar('string', 'ofgate: request id (= offer id = support room name)'),
  stage: scalar('string', 'ofgate: queued, offered (an agent holds an offer) or room'),
  position: scalar('int', 'ofgate: place in the queue, 1-based (absent when not waiting)'),
  estimatedWait: scalar('int', 'ofgate: estimated wait, seconds (absent when not waiting)'),
  room: scalar('string', 'ofgate: support room JID (stage room)'),
});

export const agentWorkgroupEntity = entity('agentWorkgroup', 'AgentWorkgroup', 'ofgate: one of the agent\'s workgroups and the agent\'s state in it.', {
  jid: scalar('string', 'Workgroup JID'),
  name: scalar('string', 'Workgroup name'),
  available: scalar('bool', 'The agent gets offers from this workgroup now'),
  chats: scalar('int', 'The agent\'s current support chats in this workgroup'),
});

export const agentWorkgroupsEntity = entity('workgroups', 'AgentWorkgroups', 'The workgroups the agent belongs to (GET chat/{sid}/assists; ofchat\'s WorkgroupEntities).', {
  workgroup: list('workgroup', 'string', { wrapper: false, modernKey: 'workgroups', doc: 'Workgroup JIDs' }),
  agentWorkgroup: list('agentWorkgroup', agentWorkgroupEntity, { wrapper: false, modernKey: 'agentWorkgroups', doc: 'ofgate: the same workgroups with the agent\'s state, in the same order' }),
});

export const queueUserEntity = entity('user', 'QueueUser', 'A visitor waiting in a queue (ofchat\'s QueueItem).', {
  userID: scalar('string', 'The waiting visitor'),
  queuePosition: scalar('int', 'Place in the queue, 0-based as Fastpath\'s notify-queue-details'),
  estimatedTime: scalar('int', 'Estimated wait, seconds'),
  joinDate: scalar('date', 'When the visitor asked'),
  requestId: scalar('string', 'ofgate: request id (= offer id)'),
  question: scalar('string', 'ofgate: the visitor\'s question'),
});

export const assistQueueEntity = entity('queue', 'AssistQueue', 'A workgroup queue as an agent sees it (ofchat\'s AssistQueue; ofgate has one queue per workgroup).', {
  name: scalar('string', 'Queue name (ofgate: the workgroup name)'),
  status: scalar('string', 'open or closed'),
  averageWaitTime: scalar('int', 'Average wait of served requests, seconds; -1 before any'),
  oldestEntry: scalar('date', 'When the longest-waiting visitor asked (absent: nobody waits)'),
  users: list('user', queueUserEntity, { doc: 'Waiting visitors, in queue order' }),
  maxChats: scalar('int', 'Most chats an agent holds at once in this workgroup'),
  currentChats: scalar('int', 'Active support chats in this workgroup'),
  jid: scalar('string', 'ofgate: workgroup JID'),
  userCount: scalar('int', 'ofgate: number of waiting visitors'),
});

export const assistQueuesEntity = entity('queues', 'AssistQueues', 'The queues of the agent\'s workgroups (GET chat/{sid}/assists/queues; ofchat\'s AssistQueues).', {
  queue: list('queue', assistQueueEntity, { wrapper: false, modernKey: 'queues' }),
});

export type AssistValue = ValueOfEntity<typeof assistEntity>;
export type AskQueueValue = ValueOfEntity<typeof askQueueEntity>;
export type AgentWorkgroupsValue = ValueOfEntity<typeof agentWorkgroupsEntity>;
export type AssistQueuesValue = ValueOfEntity<typeof assistQueuesEntity>;
