/**
 * An HTTP upload slot (XEP-0363) from ejabberd's mod_http_upload, asked on the uploader's own
 * stream (brief, password-less), so ejabberd applies its access rule, size limit and quota to
 * that account. Answers ofchat's JSON text `{"get": url, "put": url}`; the PUT headers ejabberd
 * may require are returned too (`headers`), ofchat had none.
 * Rules kept: a file name is 1–255 characters with no path separator or control character; a
 * size is a whole number of bytes from 1; ejabberd's refusals (too large, quota, no access) come
 * back as its stanza errors (400/403/413 …), a missing upload service as 501 naming the module.
 * References: ofchat-api.md §5.9 (ask/upload); XEP-0363 §4 (request, slot).
 */
import { badRequest, GatewayError, isGatewayError } from '../errors/index.js';
import type { BriefStreams } from '../member-streams/index.js';
import { el, renderXml } from '../xml/index.js';
import { parseStanzaText, type Stanza } from '../xmpp/index.js';

export const NS_HTTP_UPLOAD = 'urn:xmpp:http:upload:0';
const MAX_NAME = 255;
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export interface UploadSlot {
  readonly get: string;
  readonly put: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UploadSlots {
  request(username: string, fileName: string, sizeText: string): Promise<UploadSlot>;
}

export function checkUpload(fileName: string, sizeText: string): { name: string; size: number } {
  // eslint-disable-next-line no-control-regex
  if (fileName === '' || fileName.length > MAX_NAME || /[/\\\u0000-\u001f\u007f]/.test(fileName)) {
    throw badRequest(`fileName: 1 to ${MAX_NAME} characters, no / \\ or control characters`, { resource: 'fileName' });
  }
  const size = /^[0-9]{1,16}$/.test(sizeText) ? Number(sizeText) : NaN;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_SIZE) throw badRequest('fileSize: a whole number of bytes from 1', { resource: 'fileSize' });
  return { name: fileName, size };
}

export function slotRequest(service: string, name: string, size: number): Stanza {
  return parseStanzaText(renderXml(el('iq', { type: 'get', to: service }, el('request', { xmlns: NS_HTTP_UPLOAD, filename: name, size: String(size) })), false));
}

export function readSlot(answer: Stanza): UploadSlot {
  const slot = answer.getChild('slot', NS_HTTP_UPLOAD);
  const put = slot?.getChild('put');
  const get = slot?.getChild('get');
  const putUrl = put?.attrs.url as string | undefined;
  const getUrl = get?.attrs.url as string | undefined;
  if (!putUrl || !getUrl) throw new GatewayError('upstream-unavailable', 'The upload service answered without a slot');
  const headers: Record<string, string> = {};
  for (const h of put?.getChildren('header') ?? []) {
    const name = h.attrs.name as string | undefined;
    if (name && ['authorization', 'cookie', 'expires'].includes(name.toLowerCase())) headers[name] = h.text();
  }
  return { get: getUrl, put: putUrl, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

export function createUploadSlots(d: { streams: BriefStreams; service: string; timeoutMs: number }): UploadSlots {
  return {
    async request(username, fileName, sizeText) {
      const { name, size } = checkUpload(fileName, sizeText);
      try {
        return await d.streams.withStream(username, async (s) => readSlot(await s.request(slotRequest(d.service, name, size), 'upload slot', d.timeoutMs)));
      } catch (err) {
        if (isGatewayError(err) && /service-unavailable|remote-server-not-found|feature-not-implemented/.test(err.message)) {
          throw new GatewayError('not-implemented', `ejabberd has no HTTP upload service at ${d.service}: load mod_http_upload (and its request handler) or set ofchat.uploadService`, { resource: d.service, cause: err });
        }
        if (isGatewayError(err) && /file-too-large/.test(err.message)) {
          throw new GatewayError('payload-too-large', `ejabberd refuses a file of ${sizeText} bytes: larger than mod_http_upload's max_size`, { resource: fileName, cause: err });
        }
        throw err;
      }
    },
  };
}
