/**
 * users/{username}/groups: a user's shared roster group memberships. Adding to a group that
 * does not exist creates it (as Openfire does); removing from an unknown group is 404.
 * References: ofchat-api.md §5.1; REST API plugin UserGroupService.
 */
import { userGroupsEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Users';
const names = (entity: Record<string, unknown>): string[] => (entity.groupname as string[] | undefined) ?? [];

export function userGroupRoutes(s: RouteServices): RouteSpec[] {
  const groups = s.accounts.userGroups;
  const user = (p: Readonly<Record<string, string>>) => p.username ?? '';
  return [
    {
      method: 'get', path: '/users/{username}/groups', scope: 'api', tag, access: 'admin',
      summary: 'List the groups of a user', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: userGroupsEntity }, errors: [404],
      handle: async (r) => ok({ groupname: await groups.of(user(r.params)) }),
    },
    {
      method: 'post', path: '/users/{username}/groups', scope: 'api', tag, access: 'admin',
      summary: 'Add a user to groups (missing groups are created)',
      body: { kind: 'entity', entity: userGroupsEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 404],
      handle: async (r) => {
        await groups.add(user(r.params), names(r.entity));
        return empty;
      },
    },
    {
      method: 'delete', path: '/users/{username}/groups', scope: 'api', tag, access: 'admin',
      summary: 'Remove a user from groups',
      body: { kind: 'entity', entity: userGroupsEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await groups.remove(user(r.params), names(r.entity));
        return empty;
      },
    },
    {
      method: 'post', path: '/users/{username}/groups/{groupName}', scope: 'api', tag, access: 'admin',
      summary: 'Add a user to a group (created when missing)', body: { kind: 'none' },
      result: { kind: 'empty', status: 201 }, errors: [400, 404],
      handle: async (r) => {
        await groups.add(user(r.params), [r.params.groupName ?? '']);
        return empty;
      },
    },
    {
      method: 'delete', path: '/users/{username}/groups/{groupName}', scope: 'api', tag, access: 'admin',
      summary: 'Remove a user from a group', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await groups.remove(user(r.params), [r.params.groupName ?? '']);
        return empty;
      },
    },
  ];
}
