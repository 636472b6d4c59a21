/**
 * groups and groups/{groupName}: shared roster groups. `shared` = the group's members see each
 * other in their rosters; admins are kept by ofgate and are members in ejabberd too.
 * References: ofchat-api.md §5.1, §8; REST API plugin GroupService.
 */
import type { GroupInput, GroupRecord } from '../../accounts/index.js';
import { groupEntity, groupsEntity, type Dialect, type ValueOfEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Groups';
const groupInput = (entity: Record<string, unknown>): GroupInput => entity as ValueOfEntity<typeof groupEntity>;
/** ofchat's GroupEntity (REST API plugin ≤ 1.2) has no `shared`: its paths leave it out. */
const view = (g: GroupRecord, dialect: Dialect): Record<string, unknown> => (dialect === 'ofchat' ? { ...g, shared: undefined } : { ...g });

export function groupRoutes(s: RouteServices): RouteSpec[] {
  const groups = s.accounts.groups;
  return [
    {
      method: 'get', path: '/groups', scope: 'api', tag, access: 'admin',
      summary: 'List groups', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: groupsEntity },
      handle: async (r) => ok({ group: (await groups.list()).map((g) => view(g, r.dialect)) }),
    },
    {
      method: 'post', path: '/groups', scope: 'api', tag, access: 'admin',
      summary: 'Create a group', description: 'name is required; members and admins are user names or JIDs.',
      body: { kind: 'entity', entity: groupEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 409],
      handle: async (r) => {
        await groups.create(groupInput(r.entity));
        return empty;
      },
    },
    {
      method: 'get', path: '/groups/{groupName}', scope: 'api', tag, access: 'admin',
      summary: 'Get a group', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: groupEntity }, errors: [404],
      handle: async (r) => ok(view(await groups.get(r.params.groupName ?? ''), r.dialect)),
    },
    {
      method: 'put', path: '/groups/{groupName}', scope: 'api', tag, access: 'admin',
      summary: 'Update a group',
      description: 'The name in the body must match the path. Description, shared, members and admins are replaced when given (an empty list empties); absent or null ones are kept.',
      body: { kind: 'entity', entity: groupEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await groups.update(r.params.groupName ?? '', groupInput(r.entity));
        return empty;
      },
    },
    {
      method: 'delete', path: '/groups/{groupName}', scope: 'api', tag, access: 'admin',
      summary: 'Delete a group', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await groups.delete(r.params.groupName ?? '');
        return empty;
      },
    },
  ];
}
