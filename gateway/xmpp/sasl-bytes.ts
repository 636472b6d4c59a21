/**
 * SASL text as xmpp.js can send it. xmpp.js base64-encodes every SASL response with `btoa`, which
 * takes one character per byte and throws "Invalid character" on anything past U+00FF: a password
 * or user name with `ä` or `✓` could never log in. RFC 4616 (PLAIN) and RFC 5802 (SCRAM) send
 * UTF-8, so such values are handed over as their UTF-8 bytes, one character per byte. SCRAM's
 * password is not: the mechanism derives its key from the text itself (UTF-8 inside).
 */
export function utf8Bytes(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
