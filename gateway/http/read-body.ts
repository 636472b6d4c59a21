/**
 * Body reading per route kind. Entity bodies: XML (Content-Type says so; xml2js, tags kept as
 * sent) or JSON (any other Content-Type, clients are sloppy); text bodies: the raw text whatever
 * the Content-Type; routes without a body ignore whatever was sent (clients send `[]` on GET).
 * Every body is bounded by server.bodyLimitBytes (413) while it is read, and by BODY_MAX_DEPTH
 * (400) before it is parsed. Reading only collects text: an entity body is parsed by
 * entityBodyTree, which mount-routes calls after the caller was authenticated.
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
      return [limitBody(limit), express.text({ type: () => true, limit, defaultCharset: 'utf-8' })];
    case 'entity':
      return [limitBody(limit), express.text({ type: () => true, limit, defaultCharset: 'utf-8' }), markXml];
  }
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
