/**
 * ask/admin and ask/admin/{workgroup}: Fastpath workgroup administration (admin or the secret).
 * ofchat's three writes (create, replace members, delete), which here complete before they
 * answer (ofchat fired XEP-0050 commands and answered at once), plus the reads ofchat lacked:
 * the list and one workgroup's members, settings, queue and agents.
 * References: ofchat-api.md §5.6; the workgroup service (gateway/fastpath).
 */
import { workgroupDetailEntity, workgroupInputEntity, workgroupListEntity } from '../../entities/index.js';
import { badRequest } from '../../errors/index.js';
import { detailOf, splitMembers, summaryOf, type WorkgroupDetail } from '../../fastpath/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Fastpath administration';

const dateOf = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

function detailEntity(d: WorkgroupDetail): Record<string, unknown> {
  const s = d.settings;
  return {
    name: d.name,
    description: d.description,
    members: d.members,
    open: d.open,
    queueLength: d.queueLength,
    chatCount: d.chatCount,
    offerTimeoutMs: s.offerTimeoutMs,
    rejectionTimeoutMs: s.rejectionTimeoutMs,
    requestTimeoutMs: s.requestTimeoutMs,
    maxChatsPerAgent: s.maxChatsPerAgent,
    overflowTarget: s.overflowTarget ?? undefined,
    openSetting: s.open,
    public: s.public,
    routing: s.routing,
    awayGetsOffers: s.awayGetsOffers,
    autoAvailable: s.autoAvailable,
    maxQueueLength: s.maxQueueLength ?? undefined,
    agents: d.agents.map((a) => ({
      username: a.username,
      available: a.available,
      choice: a.choice,
      show: a.show,
      chats: a.chats,
      pendingOffer: a.pendingOffer ?? undefined,
      lastChatEndedAt: dateOf(a.lastChatEndedAt),
      lastOfferedAt: dateOf(a.lastOfferedAt),
    })),
  };
}

export function workgroupAdminRoutes(s: RouteServices): RouteSpec[] {
  const workgroups = s.workgroups;
  return [
    {
      method: 'get', path: '/ask/admin', scope: 'api', tag, access: 'admin',
      summary: 'List Fastpath workgroups', description: 'Every workgroup by name, with its description, members and whether it is open now (not in ofchat).',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: workgroupListEntity },
      handle: async () => {
        const now = workgroups.now();
        return ok({ workgroup: (await workgroups.list()).map((r) => summaryOf(r, now)) });
      },
    },
    {
      method: 'post', path: '/ask/admin', scope: 'api', tag, access: 'admin',
      summary: 'Create a Fastpath workgroup',
      description: 'name is required (a JID local part, folded to lower case); members is one comma-separated string of user names (or bare JIDs of this domain). '
        + 'Unlike ofchat, the workgroup exists when the call answers.',
      body: { kind: 'entity', entity: workgroupInputEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 409],
      handle: async (r) => {
        const members = r.entity.members;
        if (members !== undefined && members !== null && typeof members !== 'string') throw badRequest('members: one comma-separated string of user names', { resource: 'members' });
        await workgroups.create(typeof r.entity.name === 'string' ? r.entity.name : '', r.entity.description as string | undefined, splitMembers(members ?? ''));
        return empty;
      },
    },
    {
      method: 'get', path: '/ask/admin/{workgroup}', scope: 'api', tag, access: 'admin',
      summary: 'Get a Fastpath workgroup',
      description: 'Members, settings, queue length, active chats and every agent\'s state (not in ofchat).',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: workgroupDetailEntity }, errors: [400, 404],
      handle: async (r) => ok(detailEntity(detailOf(await workgroups.get(r.params.workgroup ?? ''), workgroups.now()))),
    },
    {
      method: 'post', path: '/ask/admin/{workgroup}', scope: 'api', tag, access: 'admin',
      summary: 'Replace a Fastpath workgroup\'s members',
      description: 'The body is the new member list as text, user names (or bare JIDs of this domain) separated by commas and/or spaces. Removed agents lose their pending offers at once; '
        + 'new ones start offline. Unlike ofchat, the change is made when the call answers.',
      body: { kind: 'text', doc: 'Member user names, separated by "," or spaces', mediaType: 'text/plain' },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await workgroups.setMembers(r.params.workgroup ?? '', splitMembers(r.text));
        return empty;
      },
    },
    {
      method: 'delete', path: '/ask/admin/{workgroup}', scope: 'api', tag, access: 'admin',
      summary: 'Delete a Fastpath workgroup',
      description: 'Waiting visitors depart (agent-not-found) and pending offers are revoked; the workgroup is gone when the call answers.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await workgroups.delete(r.params.workgroup ?? '');
        return empty;
      },
    },
  ];
}
