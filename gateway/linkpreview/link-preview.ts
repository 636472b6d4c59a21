/**
 * ofchat's link preview (GET ask/previewlink/{quality}/{url}): the URL arrives base64 (standard
 * or URL-safe alphabet), is fetched under safe-fetch.ts's SSRF rules and limits, and answers
 * {"image","descriptionShort","title"}. An image link previews as itself; other non-HTML types
 * answer the URL as title.
 */
import { badRequest } from '../errors/index.js';
import { decodeBody, previewOf, type LinkPreview } from './html-preview.js';
import { createSafeFetch, type FetchLimits, type Resolve } from './safe-fetch.js';

export interface LinkPreviews {
  preview(base64Url: string): Promise<LinkPreview>;
}

export function decodeTargetUrl(base64Url: string): string {
  const text = base64Url.trim();
  if (text === '' || text.length > 8192 || !/^[A-Za-z0-9+/_-]+=*$/.test(text)) throw badRequest('url: the link, base64-encoded', { resource: 'url' });
  const url = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (!/^https?:\/\//i.test(url)) throw badRequest('url: the base64 text is not an http(s) link', { resource: 'url' });
  return url;
}

export function createLinkPreviews(limits: FetchLimits, resolve?: Resolve): LinkPreviews {
  const fetchPage = createSafeFetch(limits, resolve);
  return {
    async preview(base64Url) {
      const page = await fetchPage(decodeTargetUrl(base64Url));
      const type = page.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (type.startsWith('image/')) return { title: page.url, descriptionShort: '', image: page.url };
      if (type !== 'text/html' && type !== 'application/xhtml+xml' && type !== '') return { title: page.url, descriptionShort: '', image: '' };
      return previewOf(decodeBody(page.body, page.contentType), page.url);
    },
  };
}
