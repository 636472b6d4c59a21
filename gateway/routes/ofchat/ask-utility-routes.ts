/**
 * ofchat's ask utilities: the upload slot (GET ask/upload/{userId}/{fileName}/{fileSize}) and the
 * link preview (GET ask/previewlink/{quality}/{url}). Both answer JSON text, as ofchat did.
 * Who: an admin or the secret; a user for itself (upload: {userId} is its user name); a Fastpath
 * visitor with its token (upload: {userId} is its userID and the slot is asked as the visitor's
 * short-lived account). The preview also takes any live visitor token and is rate-limited per
 * client address (ofchat.linkPreview.perMinute): it fetches pages on the caller's behalf.
 * References: ofchat-api.md §5.9.
 */
import { isAdmin } from '../../auth/index.js';
import { GatewayError, notFound, forbidden } from '../../errors/index.js';
import { text, type RouteRequest, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { askOfToken, assertVisitorAccess, tokenOf } from '../fastpath/visitor-access.js';

const tag = 'Ask utilities';
const tokenQuery = { name: 'token', doc: 'A visitor token (instead of Authorization: Bearer)' } as const;

export function askUtilityRoutes(s: RouteServices): RouteSpec[] {
  const { fastpath } = s;

  /** The account the slot is asked as. */
  async function uploader(r: RouteRequest): Promise<string> {
    const userId = r.params.userId ?? '';
    const p = r.principal;
    if (p && !isAdmin(p)) {
      if (p.kind === 'user' && p.username === userId.toLowerCase()) return p.username;
      throw forbidden('These credentials may ask upload slots only for their own user', { resource: userId });
    }
    if (!p) await assertVisitorAccess(fastpath, p, tokenOf(r.headers, r.query), userId);
    const ask = await fastpath.visitors.recordOfUser(userId);
    if (ask && ask.endedAt === null) return ask.account;
    if (p && (await s.backend.userExists(userId.toLowerCase()))) return userId.toLowerCase();
    throw notFound(`No user or visitor ${userId}`, { resource: userId });
  }

  return [
    {
      method: 'get', path: '/ask/upload/{userId}/{fileName}/{fileSize}', scope: 'api', tag, access: 'either',
      summary: 'An HTTP upload slot (XEP-0363) from ejabberd\'s mod_http_upload',
      description: 'Answers JSON text {"get": url, "put": url} (and "headers" when ejabberd requires some on the PUT): PUT the file there, share the get URL. '
        + 'ejabberd applies its size limit, quota and access rule to the uploading account. 501 when ejabberd has no upload service (ofchat.uploadService, default upload.{domain}).',
      query: [tokenQuery],
      body: { kind: 'none' }, result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"get": url, "put": url}' }, errors: [403, 404, 413, 501],
      handle: async (r) => {
        const account = await uploader(r);
        return text(JSON.stringify(await s.uploads.request(account, r.params.fileName ?? '', r.params.fileSize ?? '')));
      },
    },
    {
      method: 'get', path: '/ask/previewlink/{quality}/{url}', scope: 'api', tag, access: 'either',
      summary: 'A link preview: title, short description, image',
      description: '{url} is the link, base64-encoded (standard or URL-safe; URL-encode it in the path). Answers JSON text {"image","descriptionShort","title"} from the page\'s Open Graph tags, '
        + 'else its <title> and meta description. Fetched under SSRF rules: public addresses only after DNS resolution (no private, loopback or link-local address; '
        + 'ofchat.linkPreview.allowAddresses adds intranet subnets), the connection pinned to the address checked, every redirect checked again, '
        + 'bounded in time and size (ofchat.linkPreview.*), only allowHosts when that list is set: 403 for a refused address or host, 504 for a page too slow. {quality} is accepted and ignored.',
      query: [tokenQuery],
      body: { kind: 'none' }, result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"image","descriptionShort","title"}' }, errors: [403, 429, 504],
      handle: async (r) => {
        if (!r.principal && !(await askOfToken(fastpath, tokenOf(r.headers, r.query)))) {
          throw new GatewayError('unauthorized', 'Credentials, the shared secret or a visitor token (Authorization: Bearer) are required');
        }
        const decision = await s.rateLimiter.take([{ key: `previewlink:${r.clientAddress}`, limit: { limit: s.config.ofchat.linkPreview.perMinute, windowMs: 60_000 } }]);
        if (!decision.allowed) throw new GatewayError('too-many-requests', 'Too many link previews: retry later', { retryAfterSeconds: decision.retryAfterSeconds });
        return text(JSON.stringify(await s.linkPreviews.preview(r.params.url ?? '')));
      },
    },
  ];
}
