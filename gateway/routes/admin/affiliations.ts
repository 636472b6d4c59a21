/**
 * Room affiliations: one concrete path per affiliation kind (so the spec lists each), for a
 * JID (a bare user name means user@{domain}) or a shared roster group, plus the REST API
 * plugin's GET list of one kind. A group affiliation is kept by ofgate and never lowers a
 * member's own affiliation; deleting an affiliation the JID does not hold is a 409.
 * References: ofchat-api.md §5.2 (affiliations), §8 (modern `{"members":["jid"]}` lists);
 * Openfire REST API plugin MUCRoomAffiliationsService.
 */
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { AFFILIATION_TAG as tag, invitationsOf, perAffiliationList, roomOf } from './affiliation-lists.js';
import { sendInvitationsParam, servicenameParam } from './chatrooms.js';

export function affiliationRoutes(s: RouteServices): RouteSpec[] {
  const muc = s.muc;
  return perAffiliationList(({ plural, kind, path: base, entity }): RouteSpec[] => {
    const common = { scope: 'api', tag, access: 'admin', query: [servicenameParam] } as const;
    const granting = { ...common, query: [servicenameParam, sendInvitationsParam] } as const;
    return [
      {
        ...common, method: 'get', path: base, summary: `List the room's ${plural} (individual affiliations; groups are in the room's ${kind}Groups)`,
        body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity }, errors: [400, 404],
        handle: async (r) => ok({ [kind]: await muc.affiliated(roomOf(s, r), kind) }),
      },
      {
        ...granting, method: 'post', path: `${base}/{jid}`, summary: `Make a JID (or local user name) one of the room's ${plural}`,
        body: { kind: 'none' }, result: { kind: 'empty', status: 201 }, errors: [400, 404],
        handle: async (r) => {
          await muc.grant(roomOf(s, r), kind, r.params.jid ?? '', invitationsOf(r));
          return empty;
        },
      },
      {
        ...common, method: 'delete', path: `${base}/{jid}`, summary: `Remove a JID from the room's ${plural} (409 NotAllowedException when it does not hold ${kind} itself; no other affiliation changes)`,
        body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
        handle: async (r) => {
          await muc.revoke(roomOf(s, r), kind, r.params.jid ?? '');
          return empty;
        },
      },
      {
        ...granting, method: 'post', path: `${base}/group/{groupname}`,
        summary: `Give a shared roster group the ${kind} affiliation (kept by ofgate; its members get at least ${kind} in ejabberd, nobody's own affiliation is lowered)`,
        body: { kind: 'none' }, result: { kind: 'empty', status: 201 }, errors: [400, 404],
        handle: async (r) => {
          await muc.grantGroup(roomOf(s, r), kind, r.params.groupname ?? '', invitationsOf(r));
          return empty;
        },
      },
      {
        ...common, method: 'delete', path: `${base}/group/{groupname}`, summary: `Remove a group's ${kind} affiliation (its members go back to their own affiliations; 409 when the group does not hold ${kind})`,
        body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
        handle: async (r) => {
          await muc.revokeGroup(roomOf(s, r), kind, r.params.groupname ?? '');
          return empty;
        },
      },
    ];
  });
}
