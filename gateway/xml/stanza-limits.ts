/**
 * The bounds of a stanza ofgate sends for a user, and the checks against them. Pure: each check
 * answers with the problem (or undefined); the caller turns it into its 400 or 413.
 * - maxBytes: the stanza as written on the stream (UTF-8 bytes). ejabberd ends a c2s stream whose
 *   stanza exceeds its listener's max_stanza_size (262144 in its example config), which would
 *   kill the user's stream after ofgate answered 200; the default keeps 4 KiB below that for the
 *   `from` and `id` ofgate adds.
 * - maxDepth: nesting of a raw stanza a client posts. ejabberd 23.01's parser crashes the whole
 *   server (beam.smp) on ~3,300 levels; no real stanza needs more than a handful.
 * References: ejabberd ejabberd_c2s max_stanza_size; RFC 6120 §13.12 (limits).
 */
import { forbiddenXmlChar } from './xml-chars.js';

export interface StanzaLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export const DEFAULT_STANZA_LIMITS: StanzaLimits = { maxBytes: 258048, maxDepth: 32 };

/** The problem with a stanza of `bytes` bytes, or undefined when it may go. */
export function stanzaSizeProblem(bytes: number, maxBytes: number): string | undefined {
  return bytes > maxBytes ? `The stanza would be ${bytes} bytes; at most ${maxBytes} are sent to the XMPP server` : undefined;
}

export interface Unsendable {
  readonly kind: 'too-large' | 'forbidden-char';
  readonly message: string;
}

/** What keeps `serialized` (a whole stanza as written) off the stream, or undefined when it may go. */
export function unsendableStanza(serialized: string, maxBytes: number): Unsendable | undefined {
  const size = stanzaSizeProblem(Buffer.byteLength(serialized), maxBytes);
  if (size) return { kind: 'too-large', message: size };
  const found = forbiddenXmlChar(serialized);
  if (found) return { kind: 'forbidden-char', message: `The stanza holds ${found}, a character XML cannot carry` };
  return undefined;
}
