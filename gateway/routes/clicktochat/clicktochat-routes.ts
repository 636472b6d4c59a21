/**
 * clicktochat_ejabberd's HTTP API at its own paths (`/clicktochat/…`, XML as the original), with
 * its holes closed: `POST register` (201 `<register>`; 400 `exists` / `not allowed` as the
 * original; 503 when no helpdesk user is available, and then no account exists), `GET list`
 * (available helpdesk users, one per bare JID), `POST disconnect` (ends a click-to-chat client
 * only; idempotent), and ofgate's `GET pairs` (admins: queue and pairs, XML or JSON).
 *
 * Rules it keeps:
 * - Access (clicktochat-access.ts): register and disconnect need an admin, the secret or an API
 *   key; public widget mode opens register to anonymous pages, rate-limited per address (429,
 *   Retry-After) with a cap on live accounts per address; list needs credentials unless
 *   configured public.
 * - Bodies are read as XML whatever their Content-Type (the original's README sends them
 *   form-urlencoded), bounded by clicktochat.maxBodyBytes (413); every bad body is a 400 naming
 *   the problem (xml-body.ts), and nothing is reserved or created before the body is good.
 * - Errors besides the original's two words are the API's error entity (XML, or JSON on
 *   request), so every JID echoed is escaped; CORS headers are the original's
 *   (clicktochat-cors.ts) on every answer these handlers write.
 */
import type { ClickToChatRuntime } from '../../clicktochat/index.js';
import { GatewayError } from '../../errors/index.js';
import { negotiate, type RouteRequest, type RouteSpec } from '../../http/index.js';
import type { RateLimiter } from '../../rate-limit/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf, requireTrusted } from './clicktochat-access.js';
import { allowedOrigin, applyClickToChatCors, CLICKTOCHAT_BASE, type ClickToChatPath } from './clicktochat-cors.js';
import { connectedUsersReply, pairsJson, pairsOf, pairsXml, registerReply } from './clicktochat-replies.js';
import { parseXmlBody, textField } from './xml-body.js';

const tag = 'Click-to-chat';
const ACCESS = 'Access: an admin account, the shared secret, or a key of clicktochat.apiKeys in X-Api-Key';

/** The text of each named field of the XML body (400/413 naming the problem). */
async function readFields<const N extends readonly string[]>(r: RouteRequest, maxBytes: number, names: N): Promise<{ [K in keyof N]: string }> {
  if (Buffer.byteLength(r.text) > maxBytes) throw new GatewayError('payload-too-large', `body: larger than ${maxBytes} bytes`, { resource: 'body' });
  const root = await parseXmlBody(r.text);
  return names.map((name) => textField(root, name)) as { [K in keyof N]: string };
}

async function limitAnonymous(limiter: RateLimiter, address: string, perMinute: number): Promise<void> {
  const decision = await limiter.take([{ key: `clicktochat-register:${address}`, limit: { limit: perMinute, windowMs: 60_000 } }]);
  if (!decision.allowed) throw new GatewayError('too-many-requests', 'Too many registers from this address: retry later', { resource: 'address', retryAfterSeconds: decision.retryAfterSeconds });
}

export function clickToChatRoutes(s: Pick<RouteServices, 'clicktochat' | 'rateLimiter'>): RouteSpec[] {
  const ctc: ClickToChatRuntime = s.clicktochat;
  const { settings } = ctc;
  const cors = (path: ClickToChatPath) => allowedOrigin(settings, path);
  const path = (p: ClickToChatPath) => `${CLICKTOCHAT_BASE}/${p}`;

  return [
    {
      method: 'post', path: path('register'), scope: 'root', tag, access: 'either', docSchemes: ['basicAuth', 'sharedSecret', 'apiKey'],
      docAccess: 'an admin account, the shared secret or an X-Api-Key of clicktochat.apiKeys; nobody in public widget mode (clicktochat.public)',
      summary: 'Register a click-to-chat client and pair it with a helpdesk user',
      description: "Body (any root element, any Content-Type): <registration><username>…</username><password>…</password></registration>. "
        + "Creates the account username@{clientHost} and pairs it round-robin with an available helpdesk user (at most clicktochat.maxSessions clients each). "
        + "201 text/xml <?xml version='1.0'?><register><status>ok</status><from>client@clienthost</from><to>agent@helpdeskhost</to></register>. "
        + "400 `exists` / `not allowed` (plain words, as the original); 400 (error entity) for a bad body or name; 503 when no helpdesk user is available (no account is created); "
        + `429 in public widget mode (per-address rate and account cap). ${ACCESS}; or nobody, in public widget mode (clicktochat.public).`,
      body: { kind: 'text', doc: 'The registration document (XML)', mediaType: 'text/xml' },
      result: { kind: 'text', status: 201, mediaType: 'text/xml', doc: 'The register document' }, errors: [413, 429, 503],
      handleRaw: async (r, { res }) => {
        applyClickToChatCors(res, cors('register'));
        const caller = callerOf(r, settings);
        if (caller !== 'trusted') {
          if (!settings.public) requireTrusted(caller, 'register');
          await limitAnonymous(s.rateLimiter, r.clientAddress, settings.publicRegistersPerMinute);
        }
        const [username, password] = await readFields(r, settings.maxBodyBytes, ['username', 'password']);
        const out = await ctc.register({ username, password, address: caller === 'trusted' ? null : r.clientAddress });
        if (out.kind === 'exists') res.status(400).type('text/plain').send('exists');
        else if (out.kind === 'not-allowed') res.status(400).type('text/plain').send('not allowed');
        else res.status(201).type('text/xml').send(registerReply(out.client, out.agent));
      },
    },
    {
      method: 'get', path: path('list'), scope: 'root', tag, access: 'either', docSchemes: ['basicAuth', 'sharedSecret', 'apiKey'],
      docAccess: 'an admin account, the shared secret or an X-Api-Key of clicktochat.apiKeys; nobody when the list is configured public',
      summary: 'Helpdesk users available now',
      description: "200 text/xml <?xml version='1.0'?><connected_users><username>agent@helpdeskhost</username>…</connected_users>: one entry per helpdesk user (bare JID) "
        + `whose presence is available or chat, sorted (the original listed every session of the server). ${ACCESS}; or nobody, with clicktochat.listPublic.`,
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'text/xml', doc: 'The connected_users document' },
      handleRaw: async (r, { res }) => {
        applyClickToChatCors(res, cors('list'));
        const caller = callerOf(r, settings);
        if (!settings.listPublic) requireTrusted(caller, 'list');
        res.status(200).type('text/xml').send(connectedUsersReply(await ctc.availableAgents()));
      },
    },
    {
      method: 'post', path: path('disconnect'), scope: 'root', tag, access: 'either', docSchemes: ['basicAuth', 'sharedSecret', 'apiKey'],
      docAccess: 'an admin account, the shared secret or an X-Api-Key of clicktochat.apiKeys',
      summary: 'End a click-to-chat client (its pair and its account)',
      description: 'Body (any root element): <username>client@clienthost</username>. Frees the helpdesk user\'s slot and removes the client account; '
        + '200 with an empty body, also when the client is already gone. 400 for an address off the client host; 403 for an account that is not a '
        + `click-to-chat client (a helpdesk user, anybody else: never removed here). ${ACCESS}.`,
      body: { kind: 'text', doc: 'The disconnect document (XML)', mediaType: 'text/xml' },
      result: { kind: 'empty', status: 200 }, errors: [413],
      handleRaw: async (r, { res }) => {
        applyClickToChatCors(res, cors('disconnect'));
        requireTrusted(callerOf(r, settings), 'disconnect');
        const [username] = await readFields(r, settings.maxBodyBytes, ['username']);
        await ctc.disconnect(username);
        res.status(200).end();
      },
    },
    {
      method: 'get', path: path('pairs'), scope: 'root', tag, access: 'admin',
      summary: 'Who is paired with whom, since when (and the round-robin queue)',
      description: 'XML <pairs><queue><agent>…</agent></queue><pair><client/><agent/><status/><since/></pair>…</pairs>; JSON {"queue":[…],"pairs":[{client,agent,status,since}]} with Accept: application/json. '
        + 'status: pending (its register is under way), active, or unpaired (its helpdesk user left and nobody could take over); since: ISO 8601.',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/xml', doc: 'The pairs report' },
      handleRaw: async (r, { req, res }) => {
        applyClickToChatCors(res, cors('pairs'));
        const view = pairsOf(await ctc.snapshot());
        if (negotiate(req.headers.accept, undefined) === 'json') res.status(200).type('application/json').send(pairsJson(view));
        else res.status(200).type('application/xml').send(pairsXml(view));
      },
    },
  ];
}
