/** Writes entities and errors in the negotiated format and the base path's dialect. */
import type { Response } from 'express';
import { entityToJson, entityToXml, errorEntity, type Dialect, type EntityDef } from '../entities/index.js';
import type { GatewayError } from '../errors/index.js';
import { htmlSafeJson, renderXml } from '../xml/index.js';
import type { Format } from './negotiate.js';

export function sendEntity(res: Response, status: number, def: EntityDef, value: Record<string, unknown>, format: Format, dialect: Dialect): void {
  if (format === 'json') {
    res.status(status).type('application/json').send(htmlSafeJson(entityToJson(def, value, dialect)));
  } else {
    res.status(status).type('application/xml').send(renderXml(entityToXml(def, value)));
  }
}

export function errorValue(err: GatewayError, dialect: Dialect): Record<string, unknown> {
  return dialect === 'ofchat'
    ? { ressource: err.resource, message: err.message, exception: err.exception }
    : { resource: err.resource, message: err.message, exception: err.exception };
}

export function sendError(res: Response, err: GatewayError, format: Format, dialect: Dialect): void {
  if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
  sendEntity(res, err.status, errorEntity, errorValue(err, dialect), format, dialect);
}
