/**
 * ask/admin and ask/admin/{workgroup}: Fastpath workgroup administration (admin or the secret).
 * ofchat's three writes (create, replace members, delete), which here complete before they
 * answer (ofchat fired XEP-0050 commands and answered at once), plus the reads ofchat lacked:
 * the list and one workgroup's members, settings, queue and agents.
 * References: ofchat-api.md §5.6; the workgroup service (gateway/fastpath).
 */
import { workgroupDetailEntity, workgroupInputEntity, workgroupListEntity } from '../../entities/index.js';
import { badRequest } from '../../errors/index.js';
import { detailOf, splitMembers, summaryOf, type WorkgroupDetail, type WorkgroupSettings } from '../../fastpath/index.js';
import { empty, jsonObjectBody, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Fastpath administration';

const dateOf = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

function detailEntity(d: WorkgroupDetail, identityConfigured: boolean): Record<string, unknown> {
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
    identityConfigured,
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

const SETTING_KEYS = ['offerTimeoutMs', 'rejectionTimeoutMs', 'requestTimeoutMs', 'maxChatsPerAgent', 'overflowTarget', 'open', 'public', 'routing', 'awayGetsOffers', 'autoAvailable', 'maxQueueLength', 'businessHours'] as const;

/** The settings patch of PUT ask/admin/{workgroup}: known keys only (the machine validates values). */
function parseSettings(text: string): { settings: Partial<WorkgroupSettings>; identitySecret: string | undefined } {
  const input = jsonObjectBody(text, 'settings', 'settings');
  const unknown = Object.keys(input).filter((k) => k !== 'identitySecret' && !(SETTING_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw badRequest(`Unknown setting: ${unknown.join(', ')}`, { resource: unknown[0] ?? 'settings' });
  const settings: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) if (k in input) settings[k] = k === 'overflowTarget' && typeof input[k] === 'string' ? (input[k] as string).trim().toLowerCase() : input[k];
  const secret = input.identitySecret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length > 512 || (secret !== '' && secret.length < 16))) {
    throw badRequest('identitySecret: 16 to 512 characters, or "" to remove it', { resource: 'identitySecret' });
  }
  return { settings: settings as Partial<WorkgroupSettings>, identitySecret: secret as string | undefined };
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
      handle: async (r) => {
        const record = await workgroups.get(r.params.workgroup ?? '');
        return ok(detailEntity(detailOf(record, workgroups.now()), record.identitySecret !== undefined));
      },
    },
    {
      method: 'put', path: '/ask/admin/{workgroup}', scope: 'api', tag, access: 'admin',
      summary: 'Change a Fastpath workgroup\'s settings (not in ofchat)',
      description: 'A JSON object with any of: offerTimeoutMs, rejectionTimeoutMs, requestTimeoutMs (whole ms, up to 24 h), maxChatsPerAgent, overflowTarget (a workgroup name or null), '
        + 'open, public, awayGetsOffers, autoAvailable (booleans), routing (openfire, roundRobin, broadcast), maxQueueLength (null: unlimited), '
        + 'businessHours ({timeZone, weekly:[{day 0-6 (Sunday 0), from "HH:MM", to "HH:MM"}], holidays:["YYYY-MM-DD"]} or null), '
        + 'identitySecret (key of the host site\'s identityHash; "" removes it; never shown). Fields left out keep their value; a bad field is a 400 naming it and nothing changes. '
        + 'Routing runs again at once (e.g. agents may now get offers).',
      body: { kind: 'text', doc: 'Settings as a JSON object', mediaType: 'application/json' },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        const { settings, identitySecret } = parseSettings(r.text);
        await workgroups.configure(r.params.workgroup ?? '', settings, identitySecret);
        return empty;
      },
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
