/**
 * The widget's workgroup routes (docs/pages.md): the launcher state (GET workgroups/{workgroup}),
 * the widget's settings of a workgroup (PUT workgroups/{workgroup}/page, admins), and offline
 * messages (left by anyone for a public workgroup; listed and removed by its agents and admins).
 *
 * Who: anyone for a public workgroup on the launcher and on leaving a message, rate-limited per
 * client address (and per workgroup for messages; 429 + Retry-After); agents (members) and
 * admins for any. A workgroup that is not public answers strangers 404, as an unknown one.
 */
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { admitStranger, assertAdmin, assertStaff, perMinute, workgroupCaller } from './workgroup-access.js';
import { launcherEntity, offlineMessageEntity, offlineMessagesEntity, pageSettingsEntity } from '../../entities/index.js';
import { launcherState, type OfflineMessage, offlineMessageInput, pageChange } from '../../fastpath/index.js';

const tag = 'Fastpath pages';
const DAY_MS = 86_400_000;

const messageValue = (m: OfflineMessage): Record<string, unknown> => ({ ...m, createdAt: new Date(m.createdAt) });

export function workgroupPageRoutes(s: RouteServices): RouteSpec[] {
  const { fastpath } = s;
  const f = s.config.fastpath;
  return [
    {
      method: 'get', path: '/workgroups/{workgroup}', scope: 'api', tag, access: 'either',
      summary: 'A workgroup\'s launcher state (the visitor widget)',
      description: 'Open or not (nextOpening when business hours closed it), agents available, queue length, the estimated wait of a request asked now, the widget\'s title and forms. '
        + 'Anyone for a public workgroup (rate-limited per client address: fastpath.publicReadsPerMinute, 429 + Retry-After); its agents and admins for any; 404 to strangers for one that is not public.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: launcherEntity }, errors: [404, 429],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        await admitStranger(s, r, c, [{ key: `page-read-address:${r.clientAddress}`, limit: perMinute(f.publicReadsPerMinute) }]);
        const state = launcherState(c.record, await fastpath.pages.get(c.record.state.name), s.workgroups.now());
        return ok({ ...state, nextOpening: state.nextOpening === null ? undefined : new Date(state.nextOpening).toISOString() });
      },
    },
    {
      method: 'put', path: '/workgroups/{workgroup}/page', scope: 'api', tag, access: 'admin',
      summary: 'Change a workgroup\'s widget settings',
      description: 'Any of title (at most 200 characters; "" back to the default: the description, else the name), form (the pre-chat form: fields name, email, question, product, company, state, country; '
        + 'email and question always there and required) and offlineForm (name, email, message; email and message always there and required); each field {name, label?, type: text|email|textarea, required}, '
        + 'at most 12; an empty list back to the default form. Fields left out keep their value; a bad field is a 400 naming it and nothing changes.',
      body: { kind: 'entity', entity: pageSettingsEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertAdmin(c);
        await fastpath.pages.change(c.record.state.name, pageChange(r.entity));
        return empty;
      },
    },
    {
      method: 'post', path: '/workgroups/{workgroup}/messages', scope: 'api', tag, access: 'either',
      summary: 'Leave an offline message for a workgroup',
      description: 'email and message required (name optional), at most 256, 256 and 4000 characters. Anyone for a public workgroup, rate-limited per client address (fastpath.offlineMessagesPerMinute) '
        + 'and per workgroup (fastpath.offlineMessagesPerWorkgroupPerMinute), 429 + Retry-After; its agents and admins for any. Kept fastpath.offlineMessageDays. Answers 201 with the message id.',
      body: { kind: 'entity', entity: offlineMessageEntity, required: true },
      result: { kind: 'entity', status: 201, entity: offlineMessageEntity }, errors: [400, 404, 429],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        const input = offlineMessageInput(r.entity);
        const name = c.record.state.name;
        await admitStranger(s, r, c, [
          { key: `offline-address:${r.clientAddress}`, limit: perMinute(f.offlineMessagesPerMinute) },
          { key: `offline-workgroup:${name}`, limit: perMinute(f.offlineMessagesPerWorkgroupPerMinute) },
        ]);
        const m = await fastpath.offlineMessages.leave(name, input, f.offlineMessageDays * DAY_MS);
        return ok({ id: m.id, workgroup: name, createdAt: new Date(m.createdAt) });
      },
    },
    {
      method: 'get', path: '/workgroups/{workgroup}/messages', scope: 'api', tag, access: 'user',
      summary: 'A workgroup\'s offline messages',
      description: 'Newest first, a page of at most limit (default 50, at most 200); after: the last id of the previous page. The workgroup\'s agents and admins.',
      query: [
        { name: 'limit', doc: 'At most this many (default 50, at most 200)', type: 'integer' },
        { name: 'after', doc: 'The last id of the previous page' },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: offlineMessagesEntity }, errors: [404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertStaff(c);
        const limit = r.query.limit === undefined ? undefined : Number(r.query.limit);
        const list = await fastpath.offlineMessages.list(c.record.state.name, { ...(Number.isInteger(limit) ? { limit } : {}), ...(r.query.after ? { after: r.query.after } : {}) });
        return ok({ message: list.map(messageValue) });
      },
    },
    {
      method: 'delete', path: '/workgroups/{workgroup}/messages/{id}', scope: 'api', tag, access: 'user',
      summary: 'Remove an offline message',
      description: 'The workgroup\'s agents and admins. 404 when there is no such message.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertStaff(c);
        await fastpath.offlineMessages.remove(c.record.state.name, r.params.id ?? '');
        return empty;
      },
    },
  ];
}
