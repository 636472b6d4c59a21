/**
 * The pool's settings and statistics, HelpIM's status.xml (authenticated; public only with
 * rooms.publicStatus), and the web app's event stream (room states, queue positions, matches)
 * so it never polls.
 * References: helpdesk-peers.md C.8 (status.xml), C.12 (status.xml was public);
 * gateway/roompool/pool-events.ts (the events).
 */
import { isAdmin } from '../../auth/index.js';
import { GatewayError } from '../../errors/index.js';
import { jsonObjectBody, ok, type RouteSpec } from '../../http/index.js';
import { channelOf, SETTING_NAMES } from '../../roompool/index.js';
import { el, renderXml } from '../../xml/index.js';
import { serveEventStream } from '../events/serve-event-stream.js';
import type { RouteServices } from '../route-services.js';
import { tag } from './pool-client-routes.js';
import { settingsEntity, statisticsEntity } from './roompool-entities.js';
import { settingsRecord, statisticsRecord } from './roompool-render.js';

export function poolAdminRoutes(s: RouteServices): RouteSpec[] {
  const settings = async (): Promise<Record<string, unknown>> => {
    const c = s.roompool.config;
    return settingsRecord(await s.roompool.desk.settings(), { site: c.site, mucService: c.mucService, botJid: c.botJid });
  };
  return [
    {
      method: 'get', path: '/roompool/settings', scope: 'api', tag, access: 'admin',
      summary: 'The pool settings in effect',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: settingsEntity },
      handle: async () => ok(await settings()),
    },
    {
      method: 'put', path: '/roompool/settings', scope: 'api', tag, access: 'admin',
      summary: 'Change pool settings',
      description: `A JSON object with any of: ${SETTING_NAMES.join(', ')}. Fields left out keep their value; a bad or unknown field is a 400 naming it and nothing changes. `
        + 'A change is kept over the configuration\'s value across restarts. The answer is the settings in effect.',
      body: { kind: 'text', doc: 'Settings as a JSON object', mediaType: 'application/json' },
      result: { kind: 'entity', status: 200, entity: settingsEntity }, errors: [400],
      handle: async (r) => {
        await s.roompool.desk.configure(jsonObjectBody(r.text, 'settings', 'settings'));
        s.roompool.bot.refill();
        return ok(await settings());
      },
    },
    {
      method: 'get', path: '/roompool/statistics', scope: 'api', tag, access: 'admin',
      summary: 'The pool now: open, rooms ready, staff waiting, chats, clients waiting, average wait, the instance running the bot',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: statisticsEntity },
      handle: async () => {
        const holder = await s.roompool.botHolder();
        return ok({ ...statisticsRecord(await s.roompool.desk.statistics()), botInstance: holder === undefined ? s.instanceId : (holder ?? undefined) });
      },
    },
    {
      method: 'get', path: '/roompool/status.xml', scope: 'root', tag, access: 'either',
      summary: 'HelpIM\'s status.xml',
      description: '<status><open>True|False</open><chatting>N</chatting></status> as HelpIM wrote it (open: a client may ask now; chatting: one-to-one rooms chatting). '
        + 'Needs admin credentials or the shared secret, unless rooms.publicStatus makes it public (read-only).',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/xml', doc: 'The status document' },
      handleRaw: async (r, { res }) => {
        if (!s.roompool.config.publicStatus) {
          if (!r.principal) throw new GatewayError('unauthorized', 'Authentication required');
          if (!isAdmin(r.principal)) throw new GatewayError('forbidden', 'Admin rights required');
        }
        const st = await s.roompool.desk.statistics();
        res.status(200).type('application/xml').send(renderXml(el('status', {}, el('open', {}, st.open ? 'True' : 'False'), el('chatting', {}, String(st.chatting))), false));
      },
    },
    {
      method: 'get', path: '/roompool/events', scope: 'api', tag, access: 'admin',
      summary: 'The web app\'s event stream (Server-Sent Events)',
      description: 'chatapi.notify events whose data.type is roompool.room (a room changed state: from, status, statusAt, staff, client, department), roompool.queue (a waiting client\'s position), '
        + 'roompool.match (a client matched: room, password, expiresAt), roompool.ticket (a ticket cancelled) or roompool.kick (an intruder removed). '
        + 'Needs Accept: text/event-stream (405 otherwise). Reconnect with Last-Event-ID (or ?lastEventId=) to get exactly the missed events.',
      query: [{ name: 'lastEventId', doc: 'Same as the Last-Event-ID header, for EventSource polyfills that cannot set headers.' }],
      body: { kind: 'none' },
      result: { kind: 'stream', mediaType: 'text/event-stream', doc: 'The event stream (stays open)' },
      errors: [405],
      handleRaw: (r, { req, res }) => {
        serveEventStream(s.events, req, res, channelOf(s.roompool.config.site), r.query.lastEventId);
      },
    },
  ];
}
