/**
 * The visitor's Fastpath routes (ofchat's `ask`): POST ask (queue up; waits for the support room
 * unless `?wait=false`), GET ask/{userId} (place and estimated wait), POST ask/{userId} (join the
 * room), PUT ask/{userId} (say something), PUT ask/{userId}/chatstate/{state} (typing, ofgate's),
 * DELETE ask/{userId} (cancel at any stage).
 *
 * Who may ask: an admin or the secret (ofchat's server-side use; may set `priority` and an
 * `identity` without proof); anyone, for a workgroup marked public, rate-limited per client
 * address and per workgroup (429 + Retry-After), with an `identity` only when `identityHash`
 * proves it. Every answer of POST ask carries the visitor token (field `token` and header
 * X-Visitor-Token), which opens GET /sse/{userID} and the ask/{userId} routes of that request.
 * The ask/{userId} routes are served where the visitor's stream lives (several instances).
 * References: ofchat-api.md §5.9, §6, §7; issue 21.
 */
import { isAdmin } from '../../auth/index.js';
import { askQueueEntity, assistEntity } from '../../entities/index.js';
import { badRequest, GatewayError } from '../../errors/index.js';
import { identityHolds, waitForRoom, workgroupJid, type AskFields, type AskInput } from '../../fastpath/index.js';
import { empty, ok, type RouteRequest, type RouteSpec, type StreamOf } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { assertVisitorAccess, tokenOf } from './visitor-access.js';

const tag = 'Fastpath visitor';
/** Longest value of a field (question: MAX_QUESTION). */
const MAX_FIELD = 256;
const MAX_QUESTION = 4000;
const MAX_USER_ID = 128;

function field(entity: Record<string, unknown>, name: string, required: boolean, max = MAX_FIELD): string | undefined {
  const v = entity[name];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw badRequest(`${name}: required (workgroup, userID, emailAddress and question must be provided)`, { resource: name });
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest(`${name}: text expected`, { resource: name });
  if (v.length > max) throw badRequest(`${name}: at most ${max} characters`, { resource: name });
  return v.trim();
}

/** The ask's fields, validated (400 naming the field). */
export function askFields(e: Record<string, unknown>): AskFields {
  const userID = field(e, 'userID', true, MAX_USER_ID) as string;
  const email = field(e, 'emailAddress', true) as string;
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest('emailAddress: not an email address', { resource: 'emailAddress' });
  return {
    workgroup: (field(e, 'workgroup', true) as string).toLowerCase(),
    userID,
    emailAddress: email,
    question: field(e, 'question', true, MAX_QUESTION) as string,
    nickname: field(e, 'nickname', false),
    agent: field(e, 'agent', false)?.toLowerCase(),
    product: field(e, 'product', false),
    company: field(e, 'company', false),
    state: field(e, 'state', false),
    country: field(e, 'country', false),
  };
}

export function visitorRoutes(s: RouteServices): RouteSpec[] {
  const { fastpath, config, rateLimiter: limiter } = s;
  const domain = config.xmpp.domain;
  const f = config.fastpath;
  const visitorStream: StreamOf = {
    param: 'userId',
    resolve: async (userId) => {
      const r = await fastpath.visitors.recordOfUser(userId);
      return r && r.endedAt === null && r.streamId !== '' ? { kind: 'streamid', value: r.streamId } : undefined;
    },
  };
  const access = (r: RouteRequest): Promise<void> => assertVisitorAccess(fastpath, r.principal, tokenOf(r.headers, r.query), r.params.userId ?? '');

  async function askInput(r: RouteRequest, fields: AskFields): Promise<AskInput> {
    const trusted = !!r.principal && isAdmin(r.principal);
    const record = await s.workgroups.get(fields.workgroup);
    const identity = field(r.entity, 'identity', false);
    const identityHash = field(r.entity, 'identityHash', false);
    if (!trusted) {
      if (!record.state.settings.public) {
        throw new GatewayError('unauthorized', `Workgroup ${fields.workgroup} takes asks from an admin or the shared secret only (it is not public)`, { resource: fields.workgroup });
      }
      const decision = await limiter.take([
        { key: `ask-address:${r.clientAddress}`, limit: { limit: f.publicAsksPerMinute, windowMs: 60_000 } },
        { key: `ask-workgroup:${fields.workgroup}`, limit: { limit: f.publicAsksPerWorkgroupPerMinute, windowMs: 60_000 } },
      ]);
      if (!decision.allowed) throw new GatewayError('too-many-requests', 'Too many asks: retry later', { resource: fields.workgroup, retryAfterSeconds: decision.retryAfterSeconds });
      if (identity !== undefined) {
        if (record.identitySecret === undefined || identityHash === undefined || !identityHolds(identity, identityHash, record.identitySecret)) {
          throw badRequest('identityHash: does not prove identity (HMAC-SHA256 of identity with the workgroup\'s identity secret, hex)', { resource: 'identityHash' });
        }
      }
    }
    const priority = r.entity.priority;
    if (priority !== undefined && priority !== null && trusted && !(Number.isInteger(priority) && Math.abs(priority as number) <= 1000)) {
      throw badRequest('priority: a whole number from -1000 to 1000', { resource: 'priority' });
    }
    return { fields, priority: trusted && typeof priority === 'number' ? priority : 0, identity: identity ?? null };
  }

  return [
    {
      method: 'post', path: '/ask', scope: 'api', tag, access: 'either',
      summary: 'Ask a workgroup for help (queue up)',
      description: 'Required: workgroup, userID, emailAddress, question. Creates a short-lived account and stream for the visitor and queues the request. '
        + "Waits (up to fastpath.askWaitSeconds, 180 s by default) for the support room and answers the assist filled with groupchat (room JID), message and sender; "
        + '?wait=false answers at once with requestId, position and estimatedWait. Both carry the visitor token (token, header X-Visitor-Token). '
        + 'Errors: 404 unknown workgroup, 400 "Workgroup is offline" (with the next opening), 409 userID already asking, 503 queue full (Retry-After), '
        + '429 too many public asks (Retry-After), 400 "Timeout error, no agent available" (the request stays queued, as ofchat).',
      query: [{ name: 'wait', doc: 'false: answer at once with the queue position', type: 'boolean' }],
      body: { kind: 'entity', entity: assistEntity, required: true },
      result: { kind: 'entity', status: 200, entity: assistEntity }, errors: [404, 409, 429, 503],
      handle: async (r) => {
        const fields = askFields(r.entity);
        const ticket = await fastpath.visitors.ask(await askInput(r, fields));
        const { record } = ticket;
        const token = fastpath.tokens.issue(record.requestId);
        const headers = { 'X-Visitor-Token': token };
        const base = { ...fields, requestId: record.requestId, token };
        const waitMs = r.query.wait === 'false' ? 0 : f.askWaitSeconds * 1000;
        if (waitMs === 0) return { entity: { ...base, position: ticket.position, estimatedWait: ticket.estimatedSeconds }, headers };
        const outcome = await waitForRoom(s.events, record.account, record.requestId, waitMs);
        if (outcome.kind === 'offer') {
          return { entity: { ...base, groupchat: outcome.room, url: null, message: 'Please join me for a chat.', sender: workgroupJid(record.workgroup, domain) }, headers };
        }
        if (outcome.kind === 'depart') throw badRequest(`Unable to join chat queue - ${outcome.reason}`, { resource: fields.workgroup });
        throw badRequest('Timeout error, no agent available', { resource: fields.workgroup });
      },
    },
    {
      method: 'get', path: '/ask/{userId}', scope: 'api', tag, access: 'either', stream: visitorStream,
      summary: 'Where a visitor\'s request stands',
      description: 'Place in the queue (1-based) and estimated wait, or the support room once an agent accepted. 404 when the visitor has no live request.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: askQueueEntity }, errors: [404],
      handle: async (r) => {
        await access(r);
        const { record, status } = await fastpath.visitors.statusOf(r.params.userId ?? '');
        const wg = workgroupJid(record.workgroup, domain);
        if (status.stage === 'queued') {
          return ok({
            workgroupJID: wg, inQueue: true, available: true, queuePosition: status.position, queueRemainingTime: status.estimatedSeconds,
            workgroup: record.workgroup, requestId: record.requestId, stage: status.offeredTo.length > 0 ? 'offered' : 'queued',
            position: status.position, estimatedWait: status.estimatedSeconds,
          });
        }
        return ok({
          workgroupJID: wg, inQueue: false, available: true, queuePosition: -1, queueRemainingTime: -1,
          workgroup: record.workgroup, requestId: record.requestId, stage: 'room', room: status.roomReady ? `${record.requestId}@${config.xmpp.mucSubdomain}.${domain}` : undefined,
        });
      },
    },
    {
      method: 'post', path: '/ask/{userId}', scope: 'api', tag, access: 'either', stream: visitorStream,
      summary: 'Join the visitor\'s support room',
      description: 'The visitor enters its room (nick = its account). 400 before an agent accepted.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await access(r);
        await fastpath.visitors.joinRoom(r.params.userId ?? '');
        return empty;
      },
    },
    {
      method: 'put', path: '/ask/{userId}', scope: 'api', tag, access: 'either', stream: visitorStream,
      summary: 'Say something in the visitor\'s support room',
      description: 'The body is the message text (the visitor joins the room first if it has not). 400 before an agent accepted or for an empty message.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'text', doc: 'Message text', mediaType: 'text/plain' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await access(r);
        await fastpath.visitors.say(r.params.userId ?? '', r.text);
        return empty;
      },
    },
    {
      method: 'put', path: '/ask/{userId}/chatstate/{state}', scope: 'api', tag, access: 'either', stream: visitorStream,
      summary: 'The visitor\'s chat state in its support room (typing)',
      description: 'XEP-0085 `state` (composing, paused, active, inactive, gone) to the support room as a groupchat chat state (the visitor joins the room first if it has not); '
        + 'the agent gets chatapi.muc {type: groupchat, from, to, state}. 400 before an agent accepted or for an unknown state.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await access(r);
        await fastpath.visitors.chatState(r.params.userId ?? '', r.params.state ?? '');
        return empty;
      },
    },
    {
      method: 'delete', path: '/ask/{userId}', scope: 'api', tag, access: 'either', stream: visitorStream,
      summary: 'Cancel the visitor\'s request',
      description: 'At any stage: queued or offered (the agent\'s offer is revoked "User canceled", the visitor gets depart-queue), or in the room (the room is removed, its archive stays). '
        + 'The visitor\'s account goes after fastpath.visitorGraceSeconds.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await access(r);
        await fastpath.visitors.cancel(r.params.userId ?? '');
        return empty;
      },
    },
  ];
}
