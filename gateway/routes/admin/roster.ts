/**
 * users/{username}/roster: a user's roster. Contacts from shared roster groups are listed but
 * cannot be changed here (400 SharedGroupException).
 * References: ofchat-api.md §5.1; REST API plugin UserRosterService.
 */
import type { RosterItemInput } from '../../accounts/index.js';
import { rosterEntity, rosterItemEntity, type ValueOfEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Users';
const itemInput = (entity: Record<string, unknown>): RosterItemInput => entity as ValueOfEntity<typeof rosterItemEntity>;

export function rosterRoutes(s: RouteServices): RouteSpec[] {
  const rosters = s.accounts.rosters;
  return [
    {
      method: 'get', path: '/users/{username}/roster', scope: 'api', tag, access: 'admin',
      summary: 'Get a user\'s roster', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: rosterEntity }, errors: [404],
      handle: async (r) => ok({ rosterItem: await rosters.list(r.params.username ?? '') }),
    },
    {
      method: 'post', path: '/users/{username}/roster', scope: 'api', tag, access: 'admin',
      summary: 'Add a roster item', description: 'jid is required; subscriptionType defaults to 0 (none).',
      body: { kind: 'entity', entity: rosterItemEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 404, 409],
      handle: async (r) => {
        await rosters.add(r.params.username ?? '', itemInput(r.entity));
        return empty;
      },
    },
    {
      method: 'put', path: '/users/{username}/roster/{rosterJid}', scope: 'api', tag, access: 'admin',
      summary: 'Update a roster item', description: 'Absent fields keep their value; subscriptionType -1 removes the item.',
      body: { kind: 'entity', entity: rosterItemEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await rosters.update(r.params.username ?? '', r.params.rosterJid ?? '', itemInput(r.entity));
        return empty;
      },
    },
    {
      method: 'delete', path: '/users/{username}/roster/{rosterJid}', scope: 'api', tag, access: 'admin',
      summary: 'Delete a roster item', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await rosters.delete(r.params.username ?? '', r.params.rosterJid ?? '');
        return empty;
      },
    },
  ];
}
