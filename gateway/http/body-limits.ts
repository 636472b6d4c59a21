/**
 * The structural bound of every request body ofgate parses (JSON or XML, entity or text): how
 * deep it may nest. Openfire's entities nest five levels at most; recursive walks over a parsed
 * body overflow the stack on a few thousand, so anything deeper than BODY_MAX_DEPTH is a 400
 * before it is parsed. The size bound is server.bodyLimitBytes (read-body.ts).
 */
import { badRequest } from '../errors/index.js';
import { jsonNestingDepth } from './json-depth.js';

export const BODY_MAX_DEPTH = 32;

/** The 400 for a body (or field) nested deeper than BODY_MAX_DEPTH. */
export function tooDeep(what: string, resource: string) {
  return badRequest(`${what} nests more than ${BODY_MAX_DEPTH} levels deep`, { resource });
}

/** Throws the 400 when the JSON text `text` nests deeper than BODY_MAX_DEPTH. */
export function refuseDeepJson(text: string, what: string, resource: string): void {
  if (jsonNestingDepth(text, BODY_MAX_DEPTH) > BODY_MAX_DEPTH) throw tooDeep(what, resource);
}
