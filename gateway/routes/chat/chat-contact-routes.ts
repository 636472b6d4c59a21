/**
 * chat/{streamid}/contacts: the stream user's contacts with live presence; add, change and
 * remove go through the accounts roster service (as ofchat used UserServiceController) and
 * answer 201, as ofchat did (also for PUT and DELETE).
 * An unknown stream id is a 404 for GET too (ofchat answered 200 with an empty roster): with
 * idle expiry a stream can vanish, and a client must learn that it has to log in again.
 * References: ofchat-api.md §5.7.
 */
import type { RosterItemInput } from '../../accounts/index.js';
import { rosterEntity, rosterItemEntity, type ValueOfEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from './caller-of.js';

const tag = 'Chat';
const itemInput = (entity: Record<string, unknown>): RosterItemInput => entity as ValueOfEntity<typeof rosterItemEntity>;

export function chatContactRoutes(s: RouteServices): RouteSpec[] {
  const { chat } = s;
  const rosters = s.accounts.rosters;
  return [
    {
      method: 'get', path: '/chat/{streamid}/contacts', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'The user\'s contacts with live presence',
      description: '`show` is the contact\'s presence mode (available, away, chat, dnd, xa) or unavailable; `status` its status text.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: rosterEntity }, errors: [403, 404, 503],
      handle: async (r) => ok({ rosterItem: await chat.contacts(callerOf(r), r.params.streamid ?? '') }),
    },
    {
      method: 'post', path: '/chat/{streamid}/contacts', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Add a contact', body: { kind: 'entity', entity: rosterItemEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 403, 404, 409],
      handle: async (r) => {
        await rosters.add(chat.streamUser(callerOf(r), r.params.streamid ?? ''), itemInput(r.entity));
        return empty;
      },
    },
    {
      method: 'put', path: '/chat/{streamid}/contacts/{rosterJid}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Change a contact (201, as ofchat)', body: { kind: 'entity', entity: rosterItemEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 403, 404],
      handle: async (r) => {
        await rosters.update(chat.streamUser(callerOf(r), r.params.streamid ?? ''), r.params.rosterJid ?? '', itemInput(r.entity));
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/{streamid}/contacts/{rosterJid}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Remove a contact (201, as ofchat)', body: { kind: 'none' },
      result: { kind: 'empty', status: 201 }, errors: [400, 403, 404],
      handle: async (r) => {
        await rosters.delete(chat.streamUser(callerOf(r), r.params.streamid ?? ''), r.params.rosterJid ?? '');
        return empty;
      },
    },
  ];
}
