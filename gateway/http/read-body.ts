/**
 * Body reading per route kind. Entity bodies: XML (express-xml-bodyparser, tags kept as sent)
 * or JSON (any Content-Type, clients are sloppy); text bodies: the raw text whatever the
 * Content-Type; routes without a body ignore whatever was sent (clients send `[]` on GET).
 * Every body is bounded by server.bodyLimitBytes (413).
 */
import express, { type RequestHandler } from 'express';
import xmlparser from 'express-xml-bodyparser';
import { GatewayError } from '../errors/index.js';
import type { BodySpec } from './route-spec.js';

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
      return [
        limitBody(limit),
        xmlparser({ explicitArray: false, normalize: false, normalizeTags: false, trim: true, explicitRoot: true }),
        express.text({ type: () => true, limit, defaultCharset: 'utf-8' }),
      ];
  }
}

/** The entity body as a plain tree: parsed XML, parsed JSON, or {} when absent. */
export function entityBodyTree(rawBody: unknown): unknown {
  if (rawBody === undefined || rawBody === null) return {};
  if (typeof rawBody !== 'string') return rawBody; // already parsed XML
  const text = rawBody.trim();
  if (text === '') return {};
  if (text.startsWith('<')) {
    throw new GatewayError('unsupported-media-type', 'XML bodies need Content-Type: application/xml');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('bad-request', 'Malformed JSON body');
  }
}
