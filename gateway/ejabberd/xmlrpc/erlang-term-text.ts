/**
 * ejabberd_xmlrpc prints a `string` result that is not a flat character list with `~p`:
 * srg_get_info's displayed_groups arrives as `["team","sales"]` and an empty label as `[]`.
 * This turns such text into what mod_http_api sends for the same value (the strings joined by
 * "\n", "" for `[]`), and leaves any other text as it is.
 * References: ejabberd 23.01 ejabberd_xmlrpc:format_result/2 (the `Other` clause),
 * mod_http_api:format_result/2 (string lists joined with "\n").
 */

export function termTextToPlain(text: string): string {
  const items = parseStringList(text);
  return items === undefined ? text : items.join('\n');
}

/** `["a","b"]` (or `[[97],"b"]` for strings ~p shows as code lists) → ['a', 'b']; undefined if it is not one. */
export function parseStringList(text: string): string[] | undefined {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return undefined;
  const out: string[] = [];
  let i = skipSpace(s, 1);
  if (s[i] === ']') return i === s.length - 1 ? out : undefined;
  for (;;) {
    const item = s[i] === '"' ? readQuoted(s, i) : readCodeList(s, i);
    if (!item) return undefined;
    out.push(item.value);
    i = skipSpace(s, item.end);
    if (s[i] === ']') return i === s.length - 1 ? out : undefined;
    if (s[i] !== ',') return undefined;
    i = skipSpace(s, i + 1);
  }
}

interface Read {
  readonly value: string;
  readonly end: number;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', e: '\x1b', b: '\b', f: '\f', v: '\v', s: ' ', d: '\x7f' };

function readQuoted(s: string, start: number): Read | undefined {
  let value = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = s[i + 1];
    if (next === undefined) return undefined;
    const hex = /^x(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(s.slice(i + 1));
    const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? '0', 16));
      i += hex[0].length;
    } else if (oct) {
      value += String.fromCodePoint(parseInt(oct[0], 8));
      i += oct[0].length;
    } else {
      value += ESCAPES[next] ?? next;
      i += 1;
    }
  }
  return undefined;
}

function readCodeList(s: string, start: number): Read | undefined {
  const m = /^\[\s*(\d+(?:\s*,\s*\d+)*)?\s*\]/.exec(s.slice(start));
  if (!m) return undefined;
  const codes = (m[1] ?? '').split(',').filter((c) => c.trim() !== '').map((c) => Number(c.trim()));
  // binary_to_list/1 gives bytes: a code list above 127 is UTF-8
  const value = codes.every((c) => c < 256) ? Buffer.from(codes).toString('utf8') : String.fromCodePoint(...codes);
  return { value, end: start + m[0].length };
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i] as string)) i++;
  return i;
}
