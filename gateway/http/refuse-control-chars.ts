/**
 * The boundary check that keeps control characters out of stanzas: every value a request
 * brings (path parameters, query values, a text body — and its JSON form when it is a JSON
 * object, as chat messages are read —, every string of an entity body, keys included) is
 * refused with a 400 naming the field when it holds a character XML cannot carry
 * (gateway/xml's XML_FORBIDDEN: C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone
 * surrogates).
 * Decided: refuse, never strip. Stripping would change what the client meant (a message, a
 * property, a password) without telling it; a 400 says which field to fix and loses nothing.
 * Applied once, where mount-routes turns a request into a RouteRequest, so no route can forget it.
 * A text body's JSON object form is walked only once its depth is known to be bounded
 * (body-limits.ts): a deeper one is a 400 here, before anything (messages' JSON included) walks it.
 */
import { badRequest } from '../errors/index.js';
import { refuseDeepJson } from './body-limits.js';
import { forbiddenXmlChar } from '../xml/index.js';

/** Throws a 400 for the first string in `value` (nested arrays and objects too) XML cannot carry. */
export function refuseControlChars(value: unknown, field: string): void {
  if (typeof value === 'string') {
    const found = forbiddenXmlChar(value);
    if (found) throw badRequest(`${field} contains ${found}, a control character a stanza cannot carry (only tab, LF and CR are allowed)`, { resource: field });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => refuseControlChars(v, `${field}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      refuseControlChars(k, `${field} key`);
      refuseControlChars(v, field === '' ? k : `${field}.${k}`);
    }
  }
}

/** A text body as chat messages read it: its JSON object form, when it is one, is checked as well. */
export function refuseControlCharsInText(text: string, field: string): void {
  refuseControlChars(text, field);
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return;
  refuseDeepJson(trimmed, field, field);
  // without a backslash every key and string of the JSON is a piece of the text just checked
  if (!trimmed.includes('\\')) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return;
  }
  refuseControlChars(parsed, field);
}
