/**
 * users and users/{username}: accounts.
 * References: ofchat-api.md §5.1; REST API plugin UserService. A different `username` in a
 * PUT body renames the account; ejabberd cannot copy credentials, so the body must then carry
 * `password` (501 otherwise, see rename-user.ts). Properties are replaced only when the body has `properties`.
 */
import type { UserInput } from '../../accounts/index.js';
import { userEntity, usersEntity, type ValueOfEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Users';
const userInput = (entity: Record<string, unknown>): UserInput => entity as ValueOfEntity<typeof userEntity>;

export function userRoutes(s: RouteServices): RouteSpec[] {
  const users = s.accounts.users;
  return [
    {
      method: 'get', path: '/users', scope: 'api', tag, access: 'admin',
      summary: 'List users',
      query: [
        { name: 'search', doc: 'Only users whose name contains this text' },
        { name: 'propertyKey', doc: 'Only users having this user property' },
        { name: 'propertyValue', doc: 'With propertyKey: only users whose property has this value' },
      ],
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: usersEntity },
      handle: async (r) => {
        const { search, propertyKey, propertyValue } = r.query;
        return ok({ user: await users.list({ search, propertyKey, propertyValue: propertyKey ? propertyValue : undefined }) });
      },
    },
    {
      method: 'post', path: '/users', scope: 'api', tag, access: 'admin',
      summary: 'Create a user', description: 'username and password are required; name and email go to the vCard.',
      body: { kind: 'entity', entity: userEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 409],
      handle: async (r) => {
        await users.create(userInput(r.entity));
        return empty;
      },
    },
    {
      method: 'get', path: '/users/{username}', scope: 'api', tag, access: 'admin',
      summary: 'Get a user', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: userEntity }, errors: [404],
      handle: async (r) => ok({ ...(await users.get(r.params.username ?? '')) }),
    },
    {
      method: 'put', path: '/users/{username}', scope: 'api', tag, access: 'admin',
      summary: 'Update or rename a user',
      description:
        'Changes password, name, email and, when given, replaces the properties; absent or null fields keep their value. ' +
        'A different username renames the account: the new account is created with the password from the body (required: ' +
        'without it 501, as ejabberd 23.01 has no API command that reads or copies a stored credential), gets the roster, name, email, properties and group memberships, and the old account is deleted.',
      body: { kind: 'entity', entity: userEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404, 409, 501],
      handle: async (r) => {
        await users.update(r.params.username ?? '', userInput(r.entity));
        return empty;
      },
    },
    {
      method: 'delete', path: '/users/{username}', scope: 'api', tag, access: 'admin',
      summary: 'Delete a user', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await users.delete(r.params.username ?? '');
        return empty;
      },
    },
  ];
}
