/**
 * LHC's node-server API at `/lhc` (LHC's `node_api_server` = http://ofgate:7070/lhc): the eleven
 * POST routes of the original, same paths and JSON bodies with `secret_key` inside, and
 * `GET /lhc/` (health, `ok`).
 *
 * Rules it keeps:
 * - The routes are public to ofgate's own auth: the body's secret_key is the credential (403
 *   when wrong); every answer is the original's shape (text `ok`, or JSON {error, msg}), also
 *   for bad bodies (400) and big ones (413), never an error entity of the REST API.
 * - With lhc.enabled off, every path answers 404 {error:true}.
 */
import { LHC_ROUTES, type LhcRoute } from '../../lhc/index.js';
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Live Helper Chat';
const ACCESS = 'the secret_key field of the JSON body (lhc.secretKey; default: the shared secret)';

const DOC: Readonly<Record<LhcRoute, string>> = {
  'xmpp': 'Opens or extends the visitor\'s XMPP stream (fields jid, pass, host, nick?, status?) and sends its presence; answers the text ok at once.',
  'xmpp-send-message': 'As /xmpp, then sends message to operator_username from the visitor (waits, bounded, for a stream still connecting); answers ok at once.',
  'xmpp-register': 'Registers user@host with password.',
  'xmpp-register-online-visitor': 'Registers user@host, adds it to shared roster group `group` (all or nothing), then opens its stream (hostlogin, nick?, status?).',
  'xmpp-change-password': 'Changes the password of user@host.',
  'xmpp-unregister': 'Closes the visitor stream and removes user@host.',
  'xmpp-assign-user-to-roaster': 'Adds user@host to shared roster group `group` of grouphost.',
  'xmpp-delete-user-from-roaster': 'Removes user@host from shared roster group `group` of grouphost.',
  'xmpp-setup-instance-roasters': 'Creates (or updates) shared roster group `group` with name, desc and the groups of display_array (display is ignored).',
  'xmpp-delete-instance-roasters': 'Deletes shared roster group `group` of host.',
  'xmpp-does-shared-roaster-exists': 'error:false with the group\'s info when it exists; error:true when it does not.',
};

export function lhcRoutes(s: Pick<RouteServices, 'lhc'>): RouteSpec[] {
  const lhc = s.lhc;
  const disabled = { error: true, msg: 'The LHC bridge is off (lhc.enabled)' };
  const post = (route: LhcRoute): RouteSpec => ({
    method: 'post', path: `/lhc/${route}`, scope: 'root', tag, access: 'public', docAccess: ACCESS,
    summary: `LHC node server: /${route}`,
    description: `${DOC[route]} Body: JSON with secret_key. Answers ${route === 'xmpp' || route === 'xmpp-send-message' ? 'text/plain ok' : 'JSON {"error":bool,"msg":"…"}'}; `
      + '{"error":true,"msg":"Invalid arguments"} (200) for missing or bad fields; 400 for a body that is not a JSON object; 403 for a wrong secret_key; 413 beyond lhc.maxBodyBytes.',
    body: { kind: 'text', doc: 'JSON object with secret_key and the route\'s fields', mediaType: 'application/json' },
    result: { kind: 'text', status: 200, mediaType: route === 'xmpp' || route === 'xmpp-send-message' ? 'text/plain' : 'application/json', doc: 'ok, or {error, msg}' },
    errors: [400, 404, 413],
    handleRaw: async (r, { res }) => {
      if (!lhc.settings.enabled) {
        res.status(404).type('application/json').send(JSON.stringify(disabled));
        return;
      }
      const reply = await lhc.call(route, r.text);
      if ('text' in reply) res.status(200).type('text/plain').send(reply.text);
      else res.status(reply.status).type('application/json').send(JSON.stringify(reply.json));
    },
  });
  return [
    {
      method: 'get', path: '/lhc/', scope: 'root', tag, access: 'public',
      summary: 'LHC node server: health check', description: 'The text ok (404 when lhc.enabled is off).',
      body: { kind: 'none' }, result: { kind: 'text', status: 200, mediaType: 'text/plain', doc: 'ok' }, errors: [404],
      handleRaw: (_r, { res }) => {
        if (!lhc.settings.enabled) res.status(404).type('application/json').send(JSON.stringify(disabled));
        else res.status(200).type('text/plain').send('ok');
      },
    },
    ...LHC_ROUTES.map(post),
  ];
}
