/**
 * One linear pass over XML text a client sent, before any parser sees it: how deep its elements
 * nest, and whether it has a construct no stanza or entity body needs. It finds:
 * - nesting deeper than `maxDepth` (ejabberd's parser crashes on stanzas ~3,300 levels deep;
 *   recursive walks over a parsed tree overflow the stack sooner or later);
 * - an attribute value, CDATA section or tag that never ends;
 * - comments (unless `comments` allows them: request bodies), processing instructions and DTDs
 *   (RFC 6120 §11.1 forbids them in streams);
 * - a closing tag without its opening, a tag whose syntax is not `<name attr="v" …>`.
 * Rules it keeps: every character is looked at a bounded number of times (indexOf jumps move
 * forward only), so the cost is linear in the text. Text it accepts leaves no construct open,
 * which is what keeps ltx (xmpp.js' parser) linear too: ltx searches for the end of an open
 * construct from every following character when that end is missing (quadratic).
 * Pure; the caller turns a problem into its own error.
 * References: XML 1.0 §2.5–2.8, §3.1; RFC 6120 §11.1; ltx 3.1 lib/parsers/ltx.js.
 */

export type XmlScan =
  | { readonly ok: true; readonly depth: number }
  | { readonly ok: false; readonly tooDeep: boolean; readonly problem: string };

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const BANG = 33; // !
const QUESTION = 63; // ?
const AMP = 38; // &
const CDATA_OPEN = '<![CDATA[';

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** A character that cannot be in a tag or attribute name here (ltx gives most of them a meaning). */
const endsName = (c: number): boolean =>
  c <= 32 || c === GT || c === SLASH || c === EQ || c === QUOT || c === APOS || c === LT || c === BANG || c === QUESTION || c === AMP;

const fail = (problem: string, tooDeep = false): XmlScan => ({ ok: false, tooDeep, problem });

interface Tag {
  /** Index just after the tag's `>`. */
  readonly end: number;
  readonly selfClosing: boolean;
  readonly attributes: number;
}

/** Scans the tag whose name starts at `from` (after `<` or `</`); a string is the problem. */
function scanTag(text: string, from: number): Tag | string {
  const n = text.length;
  let i = from;
  while (i < n && !endsName(text.charCodeAt(i))) i++;
  if (i === from) return 'a tag without a name';
  let attributes = 0;
  for (;;) {
    const spaceAt = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return 'a tag that never ends';
    const c = text.charCodeAt(i);
    if (c === GT) return { end: i + 1, selfClosing: false, attributes };
    if (c === SLASH) {
      if (text.charCodeAt(i + 1) !== GT) return "a '/' inside a tag";
      return { end: i + 2, selfClosing: true, attributes };
    }
    if (i === spaceAt) return 'an attribute not separated by white space';
    const nameAt = i;
    while (i < n && !endsName(text.charCodeAt(i))) i++;
    if (i === nameAt) return `an unexpected '${text[i]}' inside a tag`;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== EQ) return 'an attribute without a value';
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (quote !== QUOT && quote !== APOS) return 'an attribute value without quotes';
    const close = text.indexOf(quote === QUOT ? '"' : "'", i + 1);
    if (close === -1) return 'an attribute value that never ends';
    i = close + 1;
    attributes++;
  }
}

/** Scans `text` (one or more elements with text between) for the problems listed above. */
export function scanXmlText(text: string, maxDepth: number, opts: { readonly comments?: boolean } = {}): XmlScan {
  let depth = 0;
  let deepest = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) return { ok: true, depth: deepest };
    const next = text.charCodeAt(lt + 1);
    if (next === BANG) {
      if (opts.comments && text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return fail('a comment that never ends');
        i = end + 3;
        continue;
      }
      if (!text.startsWith(CDATA_OPEN, lt)) return fail('a comment or DTD (not allowed in XMPP)');
      const end = text.indexOf(']]>', lt + CDATA_OPEN.length);
      if (end === -1) return fail('a CDATA section that never ends');
      i = end + 3;
      continue;
    }
    if (next === QUESTION) return fail('a processing instruction (not allowed in XMPP)');
    const closing = next === SLASH;
    const tag = scanTag(text, lt + (closing ? 2 : 1));
    if (typeof tag === 'string') return fail(tag);
    if (closing) {
      if (tag.selfClosing || tag.attributes > 0) return fail('a closing tag with attributes');
      if (depth === 0) return fail('a closing tag without its opening tag');
      depth--;
    } else if (!tag.selfClosing) {
      depth++;
      if (depth > maxDepth) return fail(`elements nested more than ${maxDepth} levels deep`, true);
      if (depth > deepest) deepest = depth;
    } else if (depth + 1 > deepest) {
      if (depth + 1 > maxDepth) return fail(`elements nested more than ${maxDepth} levels deep`, true);
      deepest = depth + 1;
    }
    i = tag.end;
  }
}
