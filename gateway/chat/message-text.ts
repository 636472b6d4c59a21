/**
 * How ofchat turns a posted text into a message: a JSON object with `body` → that body plus
 * the whole JSON as the Jive `data` property; a JSON object without `body` → `data` only (1:1
 * messages; to a room it is sent as plain text, as ofchat did); anything else → a plain body.
 * A `body` that is not a string is sent as its JSON text; one too deep to write (the HTTP
 * boundary bounds depth first, this is the last guard) is a 400, never a stack overflow.
 * References: ofchat-api.md §5.7 (POST messages/{to}, POST rooms/{roomName}).
 */
import { badRequest } from '../errors/index.js';
import type { MessageContent } from '../xmpp/index.js';

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw badRequest('The message\'s body is nested too deeply to be sent', { resource: 'body' });
  }
}

export function messageContent(text: string, opts: { dataOnly: boolean }): MessageContent {
  const trimmed = text.trim();
  let parsed: unknown;
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { body: text };
  const body = (parsed as Record<string, unknown>).body;
  if (body !== undefined && body !== null) {
    return { body: typeof body === 'string' ? body : jsonText(body), data: trimmed };
  }
  return opts.dataOnly ? { data: trimmed } : { body: text };
}
