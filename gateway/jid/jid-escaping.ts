/**
 * JID escaping (XEP-0106): a user name with characters a local part cannot hold (a space, an
 * '@'…) written as a local part. Openfire's legacy userservice escapes its `username` so.
 * Rule kept: a backslash is escaped only where it would otherwise start an escape sequence.
 * References: XEP-0106 §4.2 (escaping transformation).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  ' ': '\\20', '"': '\\22', '&': '\\26', "'": '\\27', '/': '\\2f', ':': '\\3a', '<': '\\3c', '>': '\\3e', '@': '\\40',
};
const ESCAPE_SEQUENCE = /^\\(20|22|26|27|2f|3a|3c|3e|40|5c)/i;

export function escapeLocal(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charAt(i);
    if (c === '\\' && ESCAPE_SEQUENCE.test(name.slice(i))) out += '\\5c';
    else if (/\s/u.test(c)) out += '\\20';
    else out += ESCAPES[c] ?? c;
  }
  return out;
}
