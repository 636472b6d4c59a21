/**
 * The REST API plugin's PUT (replace the list) and POST (add several) on a room's owners,
 * admins, members or outcasts: body `{"members":["jid", "user", "group"]}` /
 * `<members><member>…</member></members>`. An entry is a JID, a local user name, or the name
 * of a shared roster group (a name without @ naming an existing group); group affiliations are
 * kept by ofgate and never lower anyone's own affiliation. 201 as the plugin.
 * References: Openfire REST API plugin MUCRoomAffiliationsService.replaceMUCRoomAffiliation,
 * addMUCRoomAffiliations.
 */
import { affiliationListEntities } from '../../entities/index.js';
import { empty, type RouteSpec } from '../../http/index.js';
import type { AffiliationKind } from '../../muc/index.js';
import type { RouteServices } from '../route-services.js';
import { isTrue, sendInvitationsParam, servicenameParam } from './chatrooms.js';

const tag = 'Chat room affiliations';

const KINDS: ReadonlyArray<{ readonly plural: keyof typeof affiliationListEntities; readonly kind: AffiliationKind }> = [
  { plural: 'owners', kind: 'owner' },
  { plural: 'admins', kind: 'admin' },
  { plural: 'members', kind: 'member' },
  { plural: 'outcasts', kind: 'outcast' },
];

export function affiliationCollectionRoutes(s: RouteServices): RouteSpec[] {
  return KINDS.flatMap(({ plural, kind }): RouteSpec[] => {
    const entity = affiliationListEntities[plural];
    const common = {
      path: `/chatrooms/{roomName}/${plural}`, scope: 'api', tag, access: 'admin', query: [servicenameParam, sendInvitationsParam],
      body: { kind: 'entity', entity, required: true }, result: { kind: 'empty', status: 201 }, errors: [400, 404],
    } as const;
    const change = (mode: 'add' | 'replace') => async (r: Parameters<NonNullable<RouteSpec['handle']>>[0]) => {
      const entries = (r.entity[kind] as unknown[] | undefined) ?? [];
      await s.muc.changeAffiliations(s.muc.room(r.query.servicename, r.params.roomName ?? ''), kind, entries.map(String), mode, { sendInvitations: isTrue(r.query.sendInvitations) });
      return empty;
    };
    return [
      {
        ...common, method: 'put', summary: `Replace the room's ${plural} (JIDs, user names or shared roster groups)`,
        description: `Every JID or group holding ${kind} that the list does not name loses it; those named get ${kind}. A name without @ that names an existing shared roster group is the group.`,
        handle: change('replace'),
      },
      {
        ...common, method: 'post', summary: `Add several ${plural} (JIDs, user names or shared roster groups)`,
        description: `Those named get ${kind}; nothing else changes. A name without @ that names an existing shared roster group is the group.`,
        handle: change('add'),
      },
    ];
  });
}
