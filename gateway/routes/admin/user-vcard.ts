/**
 * users/{username}/vcard: a user's whole vCard (vcard-temp, XEP-0054) as raw XML, read and
 * written through ejabberd's vCard storage (accounts/user-vcard.ts), on every base path.
 * Wire rules (the plugin's): GET answers the vCard XML as application/xml whatever the Accept
 * header (the plugin produces XML only; ejabberd gives the elements back in XEP-0054's order,
 * not the client's, unknown ones kept), and 204 with no body when the user has none; PUT takes
 * the XML text (any Content-Type) and answers 200 with no body, 400 IllegalArgumentException
 * when it is not one `<vCard xmlns="vcard-temp">`; DELETE answers 200. Unlike the plugin,
 * which answers an unknown user's GET with 204, an unknown user is 404 UserNotFoundException on
 * all three (as on the other users/{username} routes).
 * References: REST API plugin UserVCardService; ofchat-api.md §5.1.
 */
import { empty, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Users';
const XML = 'application/xml';

export function userVcardRoutes(s: RouteServices): RouteSpec[] {
  const vcards = s.accounts.vcards;
  const user = (p: Readonly<Record<string, string>>) => p.username ?? '';
  return [
    {
      method: 'get', path: '/users/{username}/vcard', scope: 'api', tag, access: 'admin',
      summary: "Get a user's vCard",
      description: "The vCard (vcard-temp) as XML, whatever the Accept header, as ejabberd keeps it (XEP-0054's element order, not the order it was sent in). 204 with no body when the user has no vCard (or an empty one).",
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: XML, doc: 'The vCard: one <vCard xmlns="vcard-temp"> element' }, errors: [404],
      async handleRaw(r, { res }) {
        const vcard = await vcards.get(user(r.params));
        if (vcard === undefined) res.status(204).end();
        else res.status(200).type(XML).send(vcard);
      },
    },
    {
      method: 'put', path: '/users/{username}/vcard', scope: 'api', tag, access: 'admin',
      summary: "Create or replace a user's vCard",
      description: 'The body is one <vCard xmlns="vcard-temp"> element (XEP-0054); it replaces the whole vCard, so also the name (FN) and email (EMAIL) the user record shows. 400 when it is anything else, 413 when it is larger than a stanza may be.',
      body: { kind: 'text', mediaType: XML, doc: 'The vCard, e.g. <vCard xmlns="vcard-temp"><FN>Jane Doe</FN></vCard>' },
      result: { kind: 'empty', status: 200 }, errors: [404, 413],
      handle: async (r) => {
        await vcards.set(user(r.params), r.text);
        return empty;
      },
    },
    {
      method: 'delete', path: '/users/{username}/vcard', scope: 'api', tag, access: 'admin',
      summary: "Delete a user's vCard",
      description: 'Stores an empty vCard (XEP-0054 has no delete); a GET then answers 204.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await vcards.delete(user(r.params));
        return empty;
      },
    },
  ];
}
