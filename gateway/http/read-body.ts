/**
 * Body reading per route kind. Entity bodies: XML (Content-Type says so; xml2js, tags kept as
 * sent) or JSON (any other Content-Type, clients are sloppy); text bodies: the raw text whatever
 * the Content-Type; routes without a body ignore whatever was sent (clients send `[]` on GET).
 * Every body is bounded by server.bodyLimitBytes (413) while it is read, and by BODY_MAX_DEPTH
 * (400) before it is parsed. Reading only collects text: an entity body is parsed by
 * entityBodyTree, which mount-routes calls after the caller was authenticated.
 * The common body — a declared length within the limit, no content coding, UTF-8 or no charset
 * — is collected directly (readPlainText); every other body (chunked, compressed, another
 * charset) goes through body-parser as before. Both give the same text and the same errors
 * (a leading BOM dropped; an aborted body or a length that does not match: 400).
 */
import express, { type RequestHandler } from 'express';
import { GatewayError } from '../errors/index.js';
import { refuseDeepJson } from './body-limits.js';
import type { BodySpec } from './route-spec.js';
import { isXmlContentType, parseXmlEntityBody, PendingXmlBody } from './xml-entity-body.js';

export function limitBody(limit: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return next(new GatewayError('payload-too-large', 'Request body too large'));
    let seen = 0;
    const onData = (chunk: Buffer | string): void => {
      seen += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (seen > limit) {
        req.off('data', onData);
        req.pause();
        req.unpipe();
        next(new GatewayError('payload-too-large', 'Request body too large'));
      }
    };
    if (req.headers['transfer-encoding']) req.on('data', onData);
    next();
  };
}

export function bodyReaders(body: BodySpec, limit: number): RequestHandler[] {
  switch (body.kind) {
    case 'none':
      return [];
    case 'text':
      return [limitBody(limit), readText(limit)];
    case 'entity':
      return [limitBody(limit), readText(limit), markXml];
  }
}

function readText(limit: number): RequestHandler {
  const general = express.text({ type: () => true, limit, defaultCharset: 'utf-8' });
  return (req, res, next) => {
    if (!readPlainText(req, limit, next)) general(req, res, next);
  };
}

/** `text/plain`, `application/json; charset=UTF-8`: no charset or UTF-8 (what the direct path decodes). */
function utf8OrNoCharset(contentType: string): boolean {
  const params = contentType.split(';');
  for (let i = 1; i < params.length; i++) {
    const p = (params[i] as string).trim().toLowerCase();
    if (!p.startsWith('charset')) continue;
    const value = p.slice(p.indexOf('=') + 1).trim().replace(/^"|"$/g, '');
    if (!p.slice(7).trimStart().startsWith('=') || (value !== 'utf-8' && value !== 'utf8')) return false;
  }
  return true;
}

/**
 * Collects a plain body into `req.body` (a string) and calls next; false (nothing read) for any
 * body it does not handle. The caller already refused a declared length over `limit`.
 */
function readPlainText(req: Parameters<RequestHandler>[0], limit: number, next: (err?: unknown) => void): boolean {
  const h = req.headers;
  const declared = h['content-length'];
  if (declared === undefined || h['transfer-encoding'] !== undefined) return false;
  const coding = h['content-encoding'];
  if (coding !== undefined && coding.toLowerCase() !== 'identity') return false;
  const type = h['content-type'];
  if (type !== undefined && !utf8OrNoCharset(type)) return false;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0 || length > limit) return false;
  if (length === 0) {
    req.body = '';
    next();
    return true;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const finish = (err?: GatewayError): void => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('aborted', onAborted);
    req.off('error', onError);
    if (err) {
      req.resume(); // drain what is left; the answer does not wait for it
      next(err);
      return;
    }
    const buf = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
    const text = buf.toString('utf8');
    req.body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    next();
  };
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > length) return finish(new GatewayError('bad-request', 'request size did not match content length'));
    chunks.push(chunk);
  };
  const onEnd = (): void => finish(received === length ? undefined : new GatewayError('bad-request', 'request size did not match content length'));
  const onAborted = (): void => finish(new GatewayError('bad-request', 'request aborted'));
  const onError = (): void => finish(new GatewayError('bad-request', 'request aborted'));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', onError);
  return true;
}

/** An XML body (by its Content-Type) is kept as text, marked, until entityBodyTree parses it. */
const markXml: RequestHandler = (req, _res, next) => {
  if (typeof req.body === 'string' && req.body.trim() !== '' && isXmlContentType(req.headers['content-type'])) req.body = new PendingXmlBody(req.body);
  next();
};

/**
 * The entity body as a plain tree: parsed XML (an object: mount-routes maps it with
 * xmlTreeToPlain), parsed JSON (`req.body` stays a string), or {} when absent. Call it only
 * once the caller is authenticated.
 */
export function entityBodyTree(rawBody: unknown): unknown {
  if (rawBody === undefined || rawBody === null) return {};
  if (rawBody instanceof PendingXmlBody) return parseXmlEntityBody(rawBody.text);
  if (typeof rawBody !== 'string') return rawBody; // a tree some earlier layer parsed
  const text = rawBody.trim();
  if (text === '') return {};
  if (text.startsWith('<')) {
    throw new GatewayError('unsupported-media-type', 'XML bodies need Content-Type: application/xml');
  }
  refuseDeepJson(text, 'The JSON body', 'body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('bad-request', 'Malformed JSON body');
  }
}
