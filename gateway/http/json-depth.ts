/**
 * How deep a JSON text nests arrays and objects, found in one linear pass before JSON.parse:
 * V8 parses any depth, but JSON.stringify and every recursive walk over the result (entity
 * parsing, the control-character check) overflow the stack on a few thousand levels — a 500
 * for a 200 KB body. Strings are skipped with their escapes; the text need not be valid JSON
 * (the parser says so afterwards). Pure.
 */

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_ARRAY = 91; // [
const OPEN_OBJECT = 123; // {
const CLOSE_ARRAY = 93; // ]
const CLOSE_OBJECT = 125; // }

/** The deepest nesting in `text`, counting stops just past `maxDepth` (the text is not read further). */
export function jsonNestingDepth(text: string, maxDepth: number): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > maxDepth) return deepest;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
    }
  }
  return deepest;
}
