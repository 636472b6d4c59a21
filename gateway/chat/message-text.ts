/**
 * How ofchat turns a posted text into a message: a JSON object with `body` → that body plus
 * the whole JSON as the Jive `data` property; a JSON object without `body` → `data` only (1:1
 * messages; to a room it is sent as plain text, as ofchat did); anything else → a plain body.
 * References: ofchat-api.md §5.7 (POST messages/{to}, POST rooms/{roomName}).
 */
import type { MessageContent } from '../xmpp/index.js';

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
    return { body: typeof body === 'string' ? body : JSON.stringify(body), data: trimmed };
  }
  return opts.dataOnly ? { data: trimmed } : { body: text };
}
