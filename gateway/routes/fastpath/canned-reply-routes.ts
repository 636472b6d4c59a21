/**
 * A workgroup's canned replies (docs/pages.md): read by its agents and admins, changed by admins
 * (GET|POST workgroups/{wg}/canned, PUT|DELETE workgroups/{wg}/canned/{id}).
 */
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { assertAdmin, assertStaff, workgroupCaller } from './workgroup-access.js';
import { cannedRepliesEntity, cannedReplyEntity } from '../../entities/index.js';
import { cannedInput } from '../../fastpath/index.js';

const tag = 'Fastpath pages';

export function cannedReplyRoutes(s: RouteServices): RouteSpec[] {
  const { canned } = s.fastpath;
  return [
    {
      method: 'get', path: '/workgroups/{workgroup}/canned', scope: 'api', tag, access: 'user',
      summary: 'A workgroup\'s canned replies',
      description: 'By title. The workgroup\'s agents and admins.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: cannedRepliesEntity }, errors: [404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertStaff(c);
        return ok({ canned: await canned.list(c.record.state.name) });
      },
    },
    {
      method: 'post', path: '/workgroups/{workgroup}/canned', scope: 'api', tag, access: 'admin',
      summary: 'Add a canned reply',
      description: 'title (at most 200 characters) and text (at most 4000) required. At most 500 per workgroup (409 beyond). Answers 201 with the reply and its id.',
      body: { kind: 'entity', entity: cannedReplyEntity, required: true },
      result: { kind: 'entity', status: 201, entity: cannedReplyEntity }, errors: [400, 404, 409],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertAdmin(c);
        return ok({ ...(await canned.add(c.record.state.name, cannedInput(r.entity))) });
      },
    },
    {
      method: 'put', path: '/workgroups/{workgroup}/canned/{id}', scope: 'api', tag, access: 'admin',
      summary: 'Replace a canned reply',
      description: 'title and text required, as for POST. 404 when there is no such reply.',
      body: { kind: 'entity', entity: cannedReplyEntity, required: true },
      result: { kind: 'entity', status: 200, entity: cannedReplyEntity }, errors: [400, 404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertAdmin(c);
        return ok({ ...(await canned.replace(c.record.state.name, r.params.id ?? '', cannedInput(r.entity))) });
      },
    },
    {
      method: 'delete', path: '/workgroups/{workgroup}/canned/{id}', scope: 'api', tag, access: 'admin',
      summary: 'Remove a canned reply',
      description: '404 when there is no such reply.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        const c = await workgroupCaller(s, r);
        assertAdmin(c);
        await canned.remove(c.record.state.name, r.params.id ?? '');
        return empty;
      },
    },
  ];
}
