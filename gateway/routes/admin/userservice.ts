/**
 * The legacy userservice (GET/POST userservice?type=…&secret=…&username=…): authenticated by
 * the shared secret in the query, always HTTP 200 text/xml with <result>…</result> or
 * <error>ExceptionName</error>. POST may also carry the parameters form-encoded.
 * References: ofchat-api.md §2.4, §5.3; REST API plugin UserServiceLegacy.
 */
import type { LegacyAnswer, LegacyParams } from '../../accounts/index.js';
import { text, type QueryParam, type RouteRequest, type RouteSpec } from '../../http/index.js';
import { el, renderXml } from '../../xml/index.js';
import type { RouteServices } from '../route-services.js';
import { matchesDigest, secretDigest } from '../../auth/index.js';

const tag = 'UserService (legacy)';
const TYPES = ['add', 'delete', 'update', 'enable', 'disable', 'add_roster', 'update_roster', 'delete_roster', 'grouplist', 'usergrouplist'];
const PARAMS = ['type', 'secret', 'username', 'password', 'name', 'email', 'groups', 'item_jid', 'subscription'] as const;

const query: QueryParam[] = [
  { name: 'type', doc: 'What to do', enum: TYPES },
  { name: 'secret', doc: 'The shared secret' },
  { name: 'username', doc: 'The user (not for grouplist)' },
  { name: 'password', doc: 'add, update' },
  { name: 'name', doc: 'add, update: full name; add_roster, update_roster: nickname' },
  { name: 'email', doc: 'add, update' },
  { name: 'groups', doc: 'Comma-separated group names (add, update: memberships; *_roster: roster groups)' },
  { name: 'item_jid', doc: 'add_roster, update_roster, delete_roster: the contact' },
  { name: 'subscription', doc: 'add_roster, update_roster: -1 remove, 0 none, 1 to, 2 from, 3 both', enum: ['-1', '0', '1', '2', '3'] },
];


function render(answer: LegacyAnswer): string {
  if ('error' in answer) return renderXml(el('error', {}, answer.error), false);
  if ('groupnames' in answer) return renderXml(el('result', {}, ...answer.groupnames.map((g) => el('groupname', {}, g))), false);
  return renderXml(el('result', {}, 'ok'), false);
}

/** Query parameters, then form fields of a POST body (the servlet's getParameter order). */
function paramsOf(r: RouteRequest): LegacyParams {
  const form = new URLSearchParams(r.text.trim());
  const out: Record<string, string | undefined> = {};
  for (const name of PARAMS) out[name] = r.query[name] ?? form.get(name) ?? undefined;
  return out;
}

export function userServiceRoutes(s: RouteServices): RouteSpec[] {
  // Read services only inside the handler: the declarations are also built without a gateway (spec generation).
  let expected: Buffer | undefined;
  const handle = async (r: RouteRequest) => {
    const p = paramsOf(r);
    expected ??= secretDigest(s.secret);
    if (p.secret === undefined || p.secret === '' || !matchesDigest(secretDigest(p.secret), expected)) {
      return text(render({ error: 'RequestNotAuthorised' }));
    }
    return text(render(await s.accounts.userService(p)));
  };
  const result = { kind: 'text', status: 200, mediaType: 'text/xml', doc: '<result>ok</result>, <result><groupname>…</groupname>…</result> or <error>ExceptionName</error>' } as const;
  const description = 'Deprecated Openfire userservice. Always answers 200; failures are <error>…</error> bodies (RequestNotAuthorised, UserNotFoundException, …).';
  return [
    {
      method: 'get', path: '/userservice', scope: 'api', tag, access: 'public', summary: 'Legacy user service', description,
      query, body: { kind: 'none' }, result, handle,
    },
    {
      method: 'post', path: '/userservice', scope: 'api', tag, access: 'public', summary: 'Legacy user service', description,
      query, body: { kind: 'text', doc: 'Optional form-encoded parameters (the query string wins)', mediaType: 'application/x-www-form-urlencoded' },
      result, handle,
    },
  ];
}
