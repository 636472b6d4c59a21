/**
 * Message blasts (ofchat's /messageblast/…): the acting user is the Basic caller (ofchat's
 * getEndUser; the secret alone is 400 "Access denied", as ofchat). {from} in a path must be the
 * caller (an admin may name anyone). Scheduled blasts are not served: sendlater=true is 501 and
 * the scheduled list is always empty.
 * References: ofchat-api.md §5.11.
 */
import { actsFor } from '../../auth/index.js';
import { blastInput, type SentBlast } from '../../blast/index.js';
import { badRequest, forbidden, notFound } from '../../errors/index.js';
import { empty, ok, text, type RouteRequest, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from '../chat/caller-of.js';
import { blastGroupsEntity, messageBlastEntity, scheduledBlastsEntity, sentBlastEntity, sentBlastsEntity } from './ofchat-entities.js';

const tag = 'Message blast';

/** The Basic user acting (ofchat: the secret carries no user: 400 Access denied). */
function actingUser(r: RouteRequest): string {
  const p = callerOf(r);
  if (p.kind !== 'user') throw badRequest('Access denied: a message blast needs the Basic credentials of the user sending it', { resource: 'messageblast' });
  return p.username;
}

/** {from} of the path: the caller, or anyone for an admin. */
function fromOf(r: RouteRequest): string {
  const p = callerOf(r);
  const from = (r.params.from ?? '').toLowerCase();
  if (!actsFor(p, from)) throw forbidden('These credentials may read only their own blasts', { resource: from });
  return from;
}

export const sentBlastValue = (b: SentBlast): Record<string, unknown> => ({
  id: b.id, title: b.title, message: b.message, sentDate: b.sentDate, completed: true,
  recipientsCount: b.recipients.length, sentCount: b.recipients.filter((x) => x.result === 'sent').length,
  recieveCount: 0, readCount: 0, respondCount: 0,
});

export function blastRoutes(s: RouteServices): RouteSpec[] {
  const domain = s.config.xmpp.domain;
  return [
    {
      method: 'get', path: '/messageblast/recievers/{from}', scope: 'api', tag, access: 'user', summary: 'Possible recipients: the sender\'s contacts',
      description: 'The roster of {from} (the caller, or anyone for an admin), one recipient per contact with its first group; query filters JIDs and names, limit bounds the list (default 100).',
      query: [{ name: 'query', doc: 'Part of a JID or nickname' }, { name: 'limit', doc: 'At most this many (default 100, at most 1000)', type: 'integer' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: blastGroupsEntity }, errors: [403],
      handle: async (r) => {
        const from = fromOf(r);
        const q = (r.query.query ?? '').toLowerCase();
        const limit = Math.min(Math.max(Number(r.query.limit) || 100, 1), 1000);
        const roster = await s.backend.getRoster(from);
        const hits = roster.filter((c) => q === '' || c.jid.toLowerCase().includes(q) || c.nick.toLowerCase().includes(q)).slice(0, limit);
        return ok({ recipient: hits.map((c) => ({ jid: c.jid, name: c.nick, group: c.groups[0] ?? '' })) });
      },
    },
    {
      method: 'post', path: '/messageblast/sendblast', scope: 'api', tag, access: 'user', summary: 'Send a message blast',
      description: 'message and recipients (user names or bare JIDs, at most ofchat.blastMaxRecipients) required; each recipient gets a normal message (headline when highImportance) from the caller, '
        + 'with the title as subject, replyTo as an XEP-0033 replyto address, ackRequired as an XEP-0184 receipt request. Answers the sent blast\'s record. sendlater=true: 501 (no scheduling).',
      body: { kind: 'entity', entity: messageBlastEntity, required: true }, result: { kind: 'entity', status: 200, entity: sentBlastEntity }, errors: [501],
      handle: async (r) => {
        const sender = actingUser(r);
        return ok(sentBlastValue(await s.blasts.send(sender, blastInput(r.entity, domain, s.config.ofchat.blastMaxRecipients))));
      },
    },
    {
      method: 'get', path: '/messageblast/senders', scope: 'api', tag, access: 'user', summary: 'The caller\'s sender identities (JSON text)',
      description: 'The JSON text last stored with POST messageblast/senders ([] when none).',
      body: { kind: 'none' }, result: { kind: 'text', status: 200, mediaType: 'application/json', doc: 'JSON text' },
      handle: async (r) => text(await s.blasts.senders(actingUser(r))),
    },
    {
      method: 'post', path: '/messageblast/senders', scope: 'api', tag, access: 'user', summary: 'Store the caller\'s sender identities (JSON text)',
      body: { kind: 'text', doc: 'JSON text (at most 64 KiB)', mediaType: 'application/json' }, result: { kind: 'empty', status: 200 },
      handle: async (r) => {
        await s.blasts.setSenders(actingUser(r), r.text);
        return empty;
      },
    },
    {
      method: 'get', path: '/messageblast/sentblasts', scope: 'api', tag, access: 'user', summary: 'The caller\'s sent blasts, newest first',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sentBlastsEntity },
      handle: async (r) => ok({ sentblast: (await s.blasts.sent(actingUser(r))).map(sentBlastValue) }),
    },
    {
      method: 'get', path: '/messageblast/sentblasts/{from}/{jobId}', scope: 'api', tag, access: 'user', summary: 'The recipients of a sent blast',
      description: 'Each recipient with group = sent or failed; filter (part of a JID), type (sent|failed), start (1-based, default 1) and count (default 100) narrow the list.',
      query: [
        { name: 'filter', doc: 'Part of a JID' }, { name: 'type', doc: 'sent or failed', enum: ['sent', 'failed'] },
        { name: 'start', doc: 'First recipient, 1-based (default 1)', type: 'integer' }, { name: 'count', doc: 'Recipients (default 100)', type: 'integer' },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: blastGroupsEntity }, errors: [403, 404],
      handle: async (r) => {
        const blast = await s.blasts.one(fromOf(r), r.params.jobId ?? '');
        const filter = (r.query.filter ?? '').toLowerCase();
        const start = Math.max(Number(r.query.start) || 1, 1);
        const count = Math.min(Math.max(Number(r.query.count) || 100, 1), 1000);
        const rows = blast.recipients.filter((x) => (filter === '' || x.jid.includes(filter)) && (!r.query.type || x.result === r.query.type));
        return ok({ recipient: rows.slice(start - 1, start - 1 + count).map((x) => ({ jid: x.jid, group: x.result })) });
      },
    },
    {
      method: 'delete', path: '/messageblast/sentblasts/{from}/{jobId}', scope: 'api', tag, access: 'user', summary: 'Forget a sent blast',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [403, 404],
      handle: async (r) => {
        await s.blasts.forget(fromOf(r), r.params.jobId ?? '');
        return empty;
      },
    },
    {
      method: 'get', path: '/messageblast/blasts', scope: 'api', tag, access: 'user', summary: 'Scheduled blasts (always none)',
      description: 'ofgate sends blasts at once and schedules none (sendlater is 501): always empty.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: scheduledBlastsEntity },
      handle: async (r) => {
        actingUser(r);
        return ok({ blast: [] });
      },
    },
    {
      method: 'delete', path: '/messageblast/blasts/{jobId}', scope: 'api', tag, access: 'user', summary: 'Cancel a scheduled blast (there are none: 404)',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        actingUser(r);
        throw notFound(`No scheduled blast ${r.params.jobId ?? ''}: ofgate schedules none`, { resource: r.params.jobId ?? '' });
      },
    },
  ];
}
