/**
 * system/properties (kept by ofgate).
 * References: ofchat-api.md §5.3; REST API plugin readme "System related REST Endpoints".
 */
import { propertiesEntity, propertyEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'System';

export function systemRoutes(s: RouteServices): RouteSpec[] {
  const sp = s.systemProperties;
  return [
    {
      method: 'get', path: '/system/properties', scope: 'api', tag, access: 'admin',
      summary: 'List system properties', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: propertiesEntity },
      handle: async () => ok({ property: await sp.list() }),
    },
    {
      method: 'post', path: '/system/properties', scope: 'api', tag, access: 'admin',
      summary: 'Create a system property', body: { kind: 'entity', entity: propertyEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400],
      handle: async (r) => {
        await sp.create(r.entity.key as string | undefined, (r.entity.value as string | undefined) ?? '');
        return empty;
      },
    },
    {
      method: 'get', path: '/system/properties/{propertyKey}', scope: 'api', tag, access: 'admin',
      summary: 'Get a system property', body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: propertyEntity }, errors: [404],
      handle: async (r) => ok(await sp.get(r.params.propertyKey ?? '')),
    },
    {
      method: 'put', path: '/system/properties/{propertyKey}', scope: 'api', tag, access: 'admin',
      summary: 'Update a system property (the key must match)', body: { kind: 'entity', entity: propertyEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await sp.update(r.params.propertyKey ?? '', (r.entity.value as string | undefined) ?? '', r.entity.key as string | undefined);
        return empty;
      },
    },
    {
      method: 'delete', path: '/system/properties/{propertyKey}', scope: 'api', tag, access: 'admin',
      summary: 'Delete a system property', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await sp.delete(r.params.propertyKey ?? '');
        return empty;
      },
    },
  ];
}
