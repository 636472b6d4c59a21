/**
 * Which characters XML 1.0 (and so a stanza) cannot carry: C0 controls other than tab, LF and
 * CR; U+FFFE and U+FFFF; a surrogate without its pair. The one definition: request values with
 * such a character are refused (gateway/http's boundary check), HTTP XML output drops them.
 * References: XML 1.0 §2.2 (Char); RFC 6120 §11.1 (XML restrictions).
 */

/** Global: for replace(); test with a fresh copy (a global regex keeps lastIndex). */
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The same, not global: test() and exec() keep no state between calls. */
const XML_FORBIDDEN_ONE = new RegExp(XML_FORBIDDEN.source);

/** The first character of `text` XML cannot carry, as `U+0001`; undefined when there is none. */
export function forbiddenXmlChar(text: string): string | undefined {
  const m = XML_FORBIDDEN_ONE.exec(text);
  return m ? `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
