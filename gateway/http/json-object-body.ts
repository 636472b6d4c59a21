/**
 * A text body that must be one JSON object (settings patches: PUT ask/admin/{workgroup},
 * PUT roompool/settings): empty means `{}`; anything else that is not a JSON object, or one
 * nested deeper than BODY_MAX_DEPTH, is a 400 naming `resource`. Pure.
 */
import { badRequest } from '../errors/index.js';
import { refuseDeepJson } from './body-limits.js';

export function jsonObjectBody(text: string, what: string, resource: string): Record<string, unknown> {
  refuseDeepJson(text, `The JSON object of ${what}`, resource);
  let body: unknown;
  try {
    body = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    throw badRequest(`The body must be a JSON object of ${what}`, { resource });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`The body must be a JSON object of ${what}`, { resource });
  return body as Record<string, unknown>;
}
