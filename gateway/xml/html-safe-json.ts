/**
 * JSON with <, > and & escaped as \u003c, \u003e, \u0026: the same value for every JSON parser,
 * but safe when a page (the ofchat demo does) drops it into HTML. JSON.stringify already
 * escapes CR and LF inside strings, so the result is one line (an SSE `data:` line stays whole).
 * Used for REST JSON bodies and SSE payloads alike.
 */
const ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

export function htmlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => ESCAPES[c] as string);
}
