/**
 * Fastpath workgroup administration entities. `group` is ofchat's WorkgroupEntity (the body of
 * POST ask/admin: members as one comma-separated string); the others are ofgate's answers to
 * GET ask/admin and GET ask/admin/{wg}, which ofchat lacked. Times are dates (epoch ms in
 * modern JSON); settings' durations stay in milliseconds as the workgroup holds them.
 * References: ../shared/notes/ofchat-api.md §4 (`group` (WorkgroupEntity)), §5.6.
 */
import { entity, list, scalar } from './entity-schema.js';

export const workgroupInputEntity = entity('group', 'WorkgroupInput', 'A Fastpath workgroup to create (ofchat\'s WorkgroupEntity).', {
  name: scalar('string', 'Workgroup name: a JID local part (the workgroup is {name}@workgroup.{domain}); folded to lower case'),
  description: scalar('string', 'Description'),
  members: scalar('string', 'Agent user names, comma-separated (spaces around names are trimmed)'),
});

export const workgroupSummaryEntity = entity('workgroup', 'WorkgroupSummary', 'A Fastpath workgroup in the list.', {
  name: scalar('string', 'Workgroup name'),
  description: scalar('string', 'Description'),
  members: list('member', 'string', { doc: 'Agent user names, in the admin\'s order' }),
  open: scalar('bool', 'Open now (by its open setting and business hours)'),
});

export const workgroupListEntity = entity('workgroups', 'WorkgroupList', 'Every Fastpath workgroup, by name.', {
  workgroup: list('workgroup', workgroupSummaryEntity, { wrapper: false, modernKey: 'workgroups' }),
});

export const workgroupAgentEntity = entity('agent', 'WorkgroupAgent', 'A member agent\'s state in a workgroup.', {
  username: scalar('string', 'Agent user name'),
  available: scalar('bool', 'Gets offers now (its own choice, presence and the workgroup\'s settings)'),
  choice: scalar('string', 'auto, available (POST assists) or unavailable (DELETE assists)'),
  show: scalar('string', 'Presence: available, chat, away, xa, dnd or offline'),
  chats: list('chat', 'string', { doc: 'Current support chats (offer id = room name)' }),
  pendingOffer: scalar('string', 'Offer id the agent has not answered yet'),
  lastChatEndedAt: scalar('date', 'When its last chat ended'),
  lastOfferedAt: scalar('date', 'When it was last offered a request'),
});

export const workgroupDetailEntity = entity('workgroup', 'WorkgroupDetail', 'A Fastpath workgroup: members, settings, queue and agents.', {
  ...workgroupSummaryEntity.fields,
  queueLength: scalar('int', 'Requests waiting (offered ones included)'),
  chatCount: scalar('int', 'Active support chats'),
  offerTimeoutMs: scalar('int', 'How long an agent has to accept an offer, ms'),
  rejectionTimeoutMs: scalar('int', 'How long an agent that rejected a request is not offered it again, ms'),
  requestTimeoutMs: scalar('int', 'How long a request waits before it overflows or is cancelled, ms'),
  maxChatsPerAgent: scalar('int', 'Most chats an agent holds at once'),
  overflowTarget: scalar('string', 'Workgroup a timed-out request moves to (absent: none)'),
  openSetting: scalar('bool', 'Open by hand (false: closed whatever the business hours say)'),
  public: scalar('bool', 'Visitors may ask without admin credentials'),
  routing: scalar('string', 'openfire, roundRobin or broadcast'),
  awayGetsOffers: scalar('bool', 'Agents whose presence is away still get offers'),
  autoAvailable: scalar('bool', 'Agents online over any client are available without POST assists'),
  maxQueueLength: scalar('int', 'Most waiting requests (absent: unlimited)'),
  identityConfigured: scalar('bool', 'An identity secret is set: public asks may carry a verified identity (the secret itself is never shown)'),
  agents: list('agent', workgroupAgentEntity, { doc: 'Every member\'s state, in member order' }),
});
