/**
 * The agent's Fastpath routes (ofchat's `assists` and `offer`): its workgroups, their queues,
 * going available or not, accepting and rejecting offers; plus `PUT|DELETE
 * chat/assists/{workgroup}/{offerId}`, the route ofchat's README documented (it never existed in
 * ofchat; clients were written from it), which needs no stream: an agent on a plain XMPP client
 * answers its offers with it.
 *
 * Who acts: the stream's user (its own credentials, an admin, or the secret) on the
 * `chat/{streamid}/…` routes; the caller's own user on `chat/assists/…` (the secret has none).
 * References: ofchat-api.md §5.8, §7.
 */
import { agentWorkgroupsEntity, assistQueuesEntity } from '../../entities/index.js';
import { GatewayError } from '../../errors/index.js';
import { workgroupJid } from '../../fastpath/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteRequest } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from '../chat/caller-of.js';

const tag = 'Fastpath agent';

/** `{workgroup}` may be a name or ofchat's `name@workgroup.{domain}`. */
function workgroupParam(raw: string, domain: string): string {
  const v = raw.trim().toLowerCase();
  const suffix = `@workgroup.${domain.toLowerCase()}`;
  return v.endsWith(suffix) ? v.slice(0, -suffix.length) : v;
}

export function agentRoutes(s: RouteServices): RouteSpec[] {
  const { agents } = s.fastpath;
  const domain = s.config.xmpp.domain;
  const agentOf = (r: RouteRequest): string => s.chat.streamUser(callerOf(r), r.params.streamid ?? '');
  const ownUser = (r: RouteRequest): string => {
    const p = callerOf(r);
    if (p.kind !== 'user') throw new GatewayError('bad-request', 'The shared secret is no agent: answer the offer on the agent\'s stream (chat/{streamid}/offer/{offerId})');
    return p.username;
  };

  return [
    {
      method: 'get', path: '/chat/{streamid}/assists', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'The workgroups the agent belongs to',
      description: 'workgroup: the workgroup JIDs (as ofchat); agentWorkgroup (ofgate): the same with the agent\'s availability and current chats.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: agentWorkgroupsEntity }, errors: [404],
      handle: async (r) => {
        const list = await agents.workgroupsOf(agentOf(r));
        return ok({
          workgroup: list.map((w) => workgroupJid(w.name, domain)),
          agentWorkgroup: list.map((w) => ({ jid: workgroupJid(w.name, domain), name: w.name, available: w.available, chats: w.chats })),
        });
      },
    },
    {
      method: 'get', path: '/chat/{streamid}/assists/queues', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'The queues of the workgroups where the agent is available',
      description: 'Empty while the agent is available nowhere (as ofchat). users: the waiting visitors in queue order (queuePosition 0-based as Fastpath\'s).',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: assistQueuesEntity }, errors: [404],
      handle: async (r) => {
        const queues = await agents.queuesOf(agentOf(r));
        return ok({
          queue: queues.map((q) => ({
            name: q.name,
            status: q.summary.status,
            averageWaitTime: q.summary.averageWaitSeconds ?? -1,
            oldestEntry: q.summary.oldestJoinedAt === null ? undefined : new Date(q.summary.oldestJoinedAt),
            users: q.details.map((d) => ({ userID: d.userId, queuePosition: d.position - 1, estimatedTime: d.estimatedSeconds, joinDate: new Date(d.joinedAt), requestId: d.requestId, question: d.question })),
            maxChats: q.maxChats,
            currentChats: q.chats,
            jid: workgroupJid(q.name, domain),
            userCount: q.summary.userCount,
          })),
        });
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/assists/{workgroup}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Become available in a workgroup',
      description: 'The agent gets offers from now on, unless its presence is dnd or xa (or away, unless the workgroup lets away agents have offers). 403 when it is not a member.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await agents.setAvailable(agentOf(r), workgroupParam(r.params.workgroup ?? '', domain), true);
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/{streamid}/assists/{workgroup}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Stop being available in a workgroup',
      description: 'Pending offers to the agent are revoked and their requests offered to others; its chats go on. 400 when it was not available (as ofchat).',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await agents.setAvailable(agentOf(r), workgroupParam(r.params.workgroup ?? '', domain), false);
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/offer/{offerId}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Accept an offer',
      description: 'The support room is made (the agent and the visitor its only members) before the call answers; the agent then gets invitationReceived (chatapi.muc, reason = the offer id) '
        + 'and the visitor its offer event. 403: the offer was never made to this agent; 409: it is no longer pending (timed out, revoked, taken, cancelled); 404: unknown.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404, 409],
      handle: async (r) => {
        await agents.accept(agentOf(r), r.params.offerId ?? '');
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/{streamid}/offer/{offerId}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Reject an offer',
      description: 'The request is offered to the next agent; this agent is not offered it again for the workgroup\'s rejection timeout.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404, 409],
      handle: async (r) => {
        await agents.reject(agentOf(r), r.params.offerId ?? '');
        return empty;
      },
    },
    {
      method: 'put', path: '/chat/assists/{workgroup}/{offerId}', scope: 'api', tag, access: 'user',
      summary: 'Accept an offer (without a stream)',
      description: 'As POST chat/{streamid}/offer/{offerId}, for the caller\'s own user: agents on any XMPP client (offers reach them as messages from the workgroup) answer with their own credentials.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
      handle: async (r) => {
        await agents.accept(ownUser(r), r.params.offerId ?? '', workgroupParam(r.params.workgroup ?? '', domain));
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/assists/{workgroup}/{offerId}', scope: 'api', tag, access: 'user',
      summary: 'Reject an offer (without a stream)',
      description: 'As DELETE chat/{streamid}/offer/{offerId}, for the caller\'s own user.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
      handle: async (r) => {
        await agents.reject(ownUser(r), r.params.offerId ?? '', workgroupParam(r.params.workgroup ?? '', domain));
        return empty;
      },
    },
  ];
}
