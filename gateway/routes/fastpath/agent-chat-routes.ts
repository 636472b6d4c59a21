/**
 * The agent's actions on one of its running support chats (ofgate's, for the agent console and
 * any client): end it, transfer it to another agent or a workgroup, invite a colleague into its
 * room. Named `chat/{streamid}/assists/{workgroup}/chats/{requestId}` (the request id is the
 * offer id and the room's name); the stream's user is the agent, and only the chat's own agent
 * may act (403 otherwise).
 *
 * Rules: the bodies name a user by its user name or its bare JID of ofgate's domain, a
 * workgroup by its name or `name@workgroup.{domain}`; exactly one of `agent` and `workgroup`
 * for a transfer (400 otherwise). Refusals as agent-desk.ts maps them (403, 404, 409, 400).
 * References: docs/pages.md (API table); XEP-0249 (the colleague's invitation).
 */
import { entity, scalar } from '../../entities/index.js';
import { badRequest } from '../../errors/index.js';
import { workgroupName } from '../../fastpath/index.js';
import { ok, empty, type RouteRequest, type RouteSpec } from '../../http/index.js';
import { isValidLocal } from '../../jid/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from '../chat/caller-of.js';

const tag = 'Fastpath agent';

const chatTransferEntity = entity('chatTransfer', 'ChatTransfer', 'Where an agent hands its chat: exactly one of agent and workgroup (body of POST …/transfer) and, filled, what happened.', {
  agent: scalar('string', 'The agent to offer the chat to: a member of the chat\'s workgroup, available now (user name or bare JID)'),
  workgroup: scalar('string', 'The workgroup whose queue takes the chat with its room: the chat\'s own or another (name)'),
  outcome: scalar('string', 'Answer: offered (to the agent, until expiresAt), queued (in the chat\'s own workgroup, at position) or moved (to another workgroup\'s queue)'),
  expiresAt: scalar('date', 'Answer: when the offer to the agent lapses'),
  position: scalar('int', 'Answer: the chat\'s place in its own workgroup\'s queue (1-based)'),
});

const chatInviteEntity = entity('chatInvite', 'ChatInvite', 'The colleague an agent invites into its chat\'s room (body of POST …/invite).', {
  agent: scalar('string', 'Required. The colleague: a user name or bare JID of ofgate\'s domain'),
});

/** `{workgroup}` may be a name or ofchat's `name@workgroup.{domain}`. */
function workgroupOf(raw: string, domain: string): string {
  const v = raw.trim().toLowerCase();
  const suffix = `@workgroup.${domain.toLowerCase()}`;
  return workgroupName(v.endsWith(suffix) ? v.slice(0, -suffix.length) : v);
}

/** A user of ofgate's domain from a body field: `bob` or `bob@{domain}` → `bob` (400 naming the field otherwise). */
function userOf(raw: unknown, field: string, domain: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest(`${field}: a user name is required`, { resource: field });
  const v = raw.trim().toLowerCase();
  const suffix = `@${domain.toLowerCase()}`;
  const local = v.endsWith(suffix) ? v.slice(0, -suffix.length) : v;
  if (!isValidLocal(local) || local.includes('@')) throw badRequest(`${field}: not a user of ${domain}: ${raw}`, { resource: field });
  return local;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

export function agentChatRoutes(s: RouteServices): RouteSpec[] {
  const { agents } = s.fastpath;
  const domain = s.config.xmpp.domain;
  const agentOf = (r: RouteRequest): string => s.chat.streamUser(callerOf(r), r.params.streamid ?? '');
  const chatOf = (r: RouteRequest) => ({ workgroup: workgroupOf(r.params.workgroup ?? '', domain), requestId: (r.params.requestId ?? '').trim().toLowerCase() });
  const base = '/chat/{streamid}/assists/{workgroup}/chats/{requestId}';

  return [
    {
      method: 'delete', path: base, scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'End the agent\'s chat',
      description: 'The support room is removed (its archive stays); the visitor gets chatapi.ask chat-ended (reason agent-ended) and the agent chatapi.assist chatEnded; '
        + 'the agent\'s chat count drops. 403: another agent\'s chat; 404: no such chat in this workgroup.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [403, 404],
      handle: async (r) => {
        const c = chatOf(r);
        await agents.endChat(agentOf(r), c.workgroup, c.requestId);
        return empty;
      },
    },
    {
      method: 'post', path: `${base}/transfer`, scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Transfer the agent\'s chat to another agent or a workgroup',
      description: '{agent}: that agent gets an offerReceived marked transfer (the workgroup\'s offer timeout applies); when it accepts, the same room is set up for it (the first agent leaves it), '
        + 'both get invited again (the visitor\'s offer event marked transferred, naming the new agent) and the first agent gets chatapi.assist transferOutcome accepted; '
        + 'rejected, timed out or withdrawn, the chat stays with the first agent (transferOutcome says so). '
        + '{workgroup}: the chat leaves the agent and waits in that workgroup\'s queue with its room (the first agent is not offered it again for the rejection timeout); '
        + 'whoever accepts takes the room over. 400: both or neither given, the agent itself, not a member; 409: the target is not available, the workgroup refuses the chat (closed, full), '
        + 'a transfer is pending, the room is not ready; 403: another agent\'s chat; 404: no such chat.',
      body: { kind: 'entity', entity: chatTransferEntity, required: true },
      result: { kind: 'entity', status: 200, entity: chatTransferEntity }, errors: [400, 403, 404, 409],
      handle: async (r) => {
        const c = chatOf(r);
        const hasAgent = present(r.entity.agent);
        if (hasAgent === present(r.entity.workgroup)) throw badRequest('Exactly one of agent and workgroup is required', { resource: hasAgent ? 'workgroup' : 'agent' });
        const to = hasAgent ? { agent: userOf(r.entity.agent, 'agent', domain) } : { workgroup: workgroupOf(String(r.entity.workgroup), domain) };
        const done = await agents.transfer(agentOf(r), c.workgroup, c.requestId, to);
        return ok({
          ...to,
          outcome: done.kind,
          ...(done.kind === 'offered' ? { expiresAt: new Date(done.expiresAt) } : {}),
          ...(done.kind === 'queued' ? { position: done.position } : {}),
        });
      },
    },
    {
      method: 'post', path: `${base}/invite`, scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Invite a colleague into the chat\'s room',
      description: 'The colleague is made a member of the room and gets a XEP-0249 invitation from it (reason = the request id; over SSE, chatapi.muc invitationReceived). '
        + 'A later transfer sets the room\'s members again (the new agent and the visitor). 400: not a user name, the agent itself; 403: another agent\'s chat; 404: no such chat; 409: the room is not ready.',
      body: { kind: 'entity', entity: chatInviteEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 409],
      handle: async (r) => {
        const c = chatOf(r);
        await agents.invite(agentOf(r), c.workgroup, c.requestId, userOf(r.entity.agent, 'agent', domain));
        return empty;
      },
    },
  ];
}
