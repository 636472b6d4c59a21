/**
 * The messages the admin routes push to users — POST messages/users (a message from the server to
 * every session) and POST sessions[/{username}] (ofchat's notification headline) — are bounded
 * like a chat message a user sends (server.stanzaMaxBytes, routes/chat/chat-message-routes.ts):
 * a larger one is a 413 (payload-too-large, in the API's error shape) before any session is
 * listed or sent to. Every online user's stream relays it, and each SSE tab gets it with its
 * base64 `chatapi.xmpp` twin: a message no user could send is not pushed to everyone.
 * Measured as ofgate hands the stanza to ejabberd (UTF-8 bytes, escaping included), without the
 * addressee ejabberd adds per session: the default limit keeps 4 KiB for that (stanza-limits.ts).
 * Pure.
 */
import { GatewayError } from '../errors/index.js';
import { el, renderXml, stanzaSizeProblem } from '../xml/index.js';

/** The broadcast stanza as ejabberd's send_message builds it from ofgate's arguments (less `to`). */
export function broadcastStanza(from: string, body: string): string {
  return renderXml(el('message', { type: 'normal', from }, el('body', {}, body)), false);
}

/** Throws the 413 when `stanza` is over `maxBytes`. */
export function refuseOversizedAdminMessage(stanza: string, maxBytes: number): void {
  const problem = stanzaSizeProblem(Buffer.byteLength(stanza), maxBytes);
  if (problem) throw new GatewayError('payload-too-large', problem, { resource: 'body' });
}
