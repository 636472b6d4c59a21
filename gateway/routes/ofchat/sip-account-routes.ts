/**
 * SIP account records (ofchat's /sipaccounts…): kept for clients that read their SIP settings;
 * ofgate places no calls. Admins manage every record; a user may read its own (by user name).
 * POST is an upsert by user name (ofchat: 201 new, 200 replaced; ofgate: 200 both, the entity
 * says which in X-Sip-Account: created|replaced). A user without a record: 404 (ofchat: 204).
 * References: ofchat-api.md §5.5.
 */
import { assertActsFor } from '../../auth/index.js';
import { badRequest } from '../../errors/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import { sipAccountInput } from '../../sip/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from '../chat/caller-of.js';
import { sipAccountEntity, sipAccountsEntity } from './ofchat-entities.js';

const tag = 'SIP accounts';

function whole(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > max) throw badRequest(`${name}: a whole number from 0 to ${max}`, { resource: name });
  return n;
}

export function sipAccountRoutes(s: RouteServices): RouteSpec[] {
  const sip = s.sipAccounts;
  return [
    {
      method: 'get', path: '/sipaccounts', scope: 'api', tag, access: 'admin', summary: 'List SIP account records',
      query: [{ name: 'start', doc: 'First record (default 0)', type: 'integer' }, { name: 'count', doc: 'Records (default 250, at most 1000)', type: 'integer' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sipAccountsEntity },
      handle: async (r) => {
        const start = whole(r.query.start, 'start', 0, 1_000_000);
        const count = whole(r.query.count, 'count', 250, 1000);
        return ok({ account: await sip.list(start, count) });
      },
    },
    {
      method: 'get', path: '/sipaccounts/username/{username}', scope: 'api', tag, access: 'user', summary: 'The SIP account record of a user',
      description: 'The user itself, an admin or the secret. 404 when the user has none (ofchat: 204).',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sipAccountEntity }, errors: [404],
      handle: async (r) => {
        const username = r.params.username ?? '';
        assertActsFor(callerOf(r), username);
        return ok(await sip.byUsername(username));
      },
    },
    {
      method: 'get', path: '/sipaccounts/extension/{extension}', scope: 'api', tag, access: 'admin', summary: 'The SIP account record with this SIP user name',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sipAccountEntity }, errors: [404],
      handle: async (r) => ok(await sip.byExtension(r.params.extension ?? '')),
    },
    {
      method: 'post', path: '/sipaccounts', scope: 'api', tag, access: 'admin', summary: 'Create or replace a SIP account record',
      description: 'Upsert by username (an existing account of the domain). Answers 200 with X-Sip-Account: created or replaced (ofchat: 201 / 200).',
      body: { kind: 'entity', entity: sipAccountEntity, required: true }, result: { kind: 'entity', status: 200, entity: sipAccountEntity }, errors: [404],
      handle: async (r) => {
        const account = sipAccountInput(r.entity);
        if (!(await s.backend.userExists(account.username))) throw badRequest(`${account.username} is not a user of ${s.config.xmpp.domain}`, { resource: account.username, exception: 'UserNotFoundException' });
        const created = await sip.put(account);
        return { entity: account, headers: { 'X-Sip-Account': created ? 'created' : 'replaced' } };
      },
    },
    {
      method: 'delete', path: '/sipaccounts/{username}', scope: 'api', tag, access: 'admin', summary: 'Delete a SIP account record',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await sip.remove(r.params.username ?? '');
        return empty;
      },
    },
  ];
}
