/**
 * The REST API plugin's PUT (replace the list) and POST (add several) on a room's owners,
 * admins, members or outcasts: body `{"members":["jid", "user", "group"]}` /
 * `<members><member>…</member></members>`. An entry is a JID, a local user name, or the name
 * of a shared roster group (a name without @ naming an existing group); group affiliations are
 * kept by ofgate and never lower anyone's own affiliation. 201 as the plugin.
 * References: Openfire REST API plugin MUCRoomAffiliationsService.replaceMUCRoomAffiliation,
 * addMUCRoomAffiliations.
 */
import { empty, type RouteRequest, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { AFFILIATION_TAG as tag, invitationsOf, perAffiliationList, roomOf } from './affiliation-lists.js';
import { sendInvitationsParam, servicenameParam } from './chatrooms.js';

export function affiliationCollectionRoutes(s: RouteServices): RouteSpec[] {
  return perAffiliationList(({ plural, kind, path, entity }): RouteSpec[] => {
    const common = {
      path, scope: 'api', tag, access: 'admin', query: [servicenameParam, sendInvitationsParam],
      body: { kind: 'entity', entity, required: true }, result: { kind: 'empty', status: 201 }, errors: [400, 404],
    } as const;
    const change = (mode: 'add' | 'replace') => async (r: RouteRequest) => {
      const entries = (r.entity[kind] as unknown[] | undefined) ?? [];
      await s.muc.changeAffiliations(roomOf(s, r), kind, entries.map(String), mode, invitationsOf(r));
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
