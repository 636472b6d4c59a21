/**
 * The console's history (docs/pages.md): a workgroup's chat records (GET workgroups/{wg}/chats)
 * and one chat with its transcript (GET workgroups/{wg}/chats/{requestId}).
 *
 * Who: an agent (member) sees the chats it held (now or before a transfer); admins every
 * agent's (`agent=*`, the default for them) or one agent's. One chat: an agent that held it, or
 * an admin. The transcript is the room's archive while the chat goes on, the one kept with the
 * record once it ended (ejabberd answers a room's archive only while the room exists).
 */
import { forbidden, notFound } from '../../errors/index.js';
import { type ChatRecord, type FastpathRuntime, heldBy, partyOf, passedThrough, type TranscriptMessage } from '../../fastpath/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { assertStaff, workgroupCaller } from './workgroup-access.js';
import { chatRecordEntity, chatRecordsEntity } from '../../entities/index.js';

const tag = 'Fastpath pages';
const MAX_Q = 200;

const dateOf = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

export const transcriptValue = (m: TranscriptMessage): Record<string, unknown> => ({ ...m, at: new Date(m.at) });

/** A record as the chatRecord entity shows it (with `messages` when given). */
export function chatRecordValue(r: ChatRecord, messages?: readonly TranscriptMessage[]): Record<string, unknown> {
  return {
    requestId: r.requestId,
    workgroup: r.workgroup,
    userID: r.userId,
    ...r.visitor,
    identity: r.identity ?? undefined,
    agent: r.agent,
    previousAgents: r.previousAgents,
    room: r.room,
    queuedAt: new Date(r.queuedAt),
    acceptedAt: new Date(r.acceptedAt),
    endedAt: dateOf(r.endedAt),
    endReason: r.endReason ?? undefined,
    rating: r.rating ?? undefined,
    comment: r.comment ?? undefined,
    ratedAt: dateOf(r.ratedAt),
    message: messages?.map(transcriptValue),
  };
}

/** The chat's transcript: kept with the record once ended, else read from the room's archive now. */
export async function transcriptOfRecord(fastpath: FastpathRuntime, r: ChatRecord): Promise<readonly TranscriptMessage[]> {
  if (r.endedAt !== null) return r.messages ?? [];
  return fastpath.transcripts.read(r.requestId, r.agent, partyOf(r));
}

export function chatRecordRoutes(s: RouteServices): RouteSpec[] {
  const { fastpath } = s;
  return [
    {
      method: 'get', path: '/workgroups/{workgroup}/chats', scope: 'api', tag, access: 'user',
      summary: 'A workgroup\'s chat records (the console\'s history)',
      description: 'Newest first (by accept). q: words that must all appear in the visitor\'s fields, the question or the agents\' names (case-insensitive). '
        + 'An agent sees the chats it held; admins every agent\'s (agent=*, their default) or one agent\'s (agent=name). limit: default 50, at most 200; after: the `next` of the previous page '
        + '(header X-Next-Page; absent at the end). A search looks at the newest 2000 chats of the workgroup per call.',
      query: [
        { name: 'q', doc: 'Words to find' },
        { name: 'agent', doc: 'An agent\'s user name, or * (admins)' },
        { name: 'limit', doc: 'At most this many (default 50, at most 200)', type: 'integer' },
        { name: 'after', doc: 'Where the previous page ended (its X-Next-Page)' },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRecordsEntity }, errors: [400, 404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertStaff(c);
        const asked = (r.query.agent ?? '').trim().toLowerCase();
        let agents: '*' | string[];
        if (c.role === 'admin') agents = asked === '' || asked === '*' ? '*' : [asked];
        else if (asked === '' || asked === c.username) agents = [c.username ?? ''];
        else throw forbidden('An agent sees its own chats only (agent=* is for admins)', { resource: asked });
        const q = (r.query.q ?? '').slice(0, MAX_Q);
        const limit = r.query.limit === undefined ? undefined : Number(r.query.limit);
        const listing = await fastpath.chatRecords.list(c.record.state.name, { q, agents }, { ...(Number.isInteger(limit) ? { limit } : {}), ...(r.query.after ? { after: r.query.after } : {}) });
        const headers: Record<string, string> = listing.next === null ? {} : { 'X-Next-Page': listing.next };
        return { entity: { chat: listing.records.map((x) => chatRecordValue(x)) }, headers };
      },
    },
    {
      method: 'get', path: '/workgroups/{workgroup}/chats/{requestId}', scope: 'api', tag, access: 'user',
      summary: 'A chat record with its transcript',
      description: 'The record and its messages, oldest first ({from, nick, role visitor|agent, body, at}): read from the room\'s archive while the chat goes on, the transcript kept when it ended. '
        + 'An agent that held the chat, or an admin; 404 when the workgroup never held it.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRecordEntity }, errors: [404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertStaff(c);
        const id = r.params.requestId ?? '';
        const record = await fastpath.chatRecords.get(id);
        const name = c.record.state.name;
        if (!record || !passedThrough(record, name)) {
          throw notFound(`No chat ${id} in ${name}`, { resource: id });
        }
        if (c.role !== 'admin' && !heldBy(record, c.username ?? '')) throw forbidden('Only an agent that held the chat, or an admin, reads it', { resource: id });
        return ok(chatRecordValue(record, await transcriptOfRecord(fastpath, record)));
      },
    },
  ];
}
