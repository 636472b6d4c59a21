/**
 * chatservices: the MUC services ejabberd has (found by service discovery), and the plugin's
 * POST, which ejabberd cannot honour: a MUC service is a mod_muc host in ejabberd.yml, not
 * something to add at run time (409 when it exists, 404 MUCServiceNotFoundException otherwise).
 * References: Openfire REST API plugin MUCServiceService, entity/MUCServiceEntities.java.
 */
import { chatServiceEntity, chatServicesEntity } from '../../entities/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Chat rooms';

export function chatServiceRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get', path: '/chatservices', scope: 'api', tag, access: 'admin',
      summary: 'List the MUC services ejabberd has',
      description: 'Found by service discovery of the server (identity conference/text). hidden is always false.',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatServicesEntity },
      handle: async () => ok({ chatService: await s.muc.services() }),
    },
    {
      method: 'post', path: '/chatservices', scope: 'api', tag, access: 'admin',
      summary: 'Create a MUC service: not possible on ejabberd at run time',
      description: 'ejabberd 23.01 cannot add a MUC service at run time (it is a mod_muc host in ejabberd.yml): '
        + '409 AlreadyExistsException when the service exists, otherwise 404 MUCServiceNotFoundException saying so.',
      body: { kind: 'entity', entity: chatServiceEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 404, 409],
      handle: async (r) => s.muc.createService(String(r.entity.serviceName ?? '')),
    },
  ];
}
