/**
 * Writes an edited YAML document back as its source text with only the changed parts
 * rewritten: pairs and sequence items that did not change keep their bytes (comments, blank
 * lines, quoting, `-` on its own line), block maps are spliced pair by pair, block sequences
 * that only grew keep their items and get the new ones appended, and anything else that
 * changed is rendered afresh by the `yaml` package at the original indentation.
 * Rules it keeps: pure (text in, text out); an unchanged document gives the source unchanged.
 * References: yaml 2.x node ranges ([start, valueEnd, nodeEnd]; block collections end after
 * their last newline).
 */
import { Document, isMap, isNode, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

const RENDER = { lineWidth: 0, indentSeq: true } as const;

/** `edited` is a parse of `source` that was then changed in place. */
export function spliceYaml(source: string, edited: Document): string {
  const orig = parseDocument(source);
  const o = orig.contents;
  const e = edited.contents;
  if (!isMap(o) || o.flow || !o.range || !isMap(e)) return edited.toString(RENDER);
  const body = spliceMap(source, o, e, 0);
  const head = source.slice(0, o.range[0]);
  const tail = source.slice(o.range[1]);
  return head + body + tail;
}

const json = (n: unknown): string => JSON.stringify(isNode(n) ? n.toJSON() : n ?? null);
const keyOf = (k: unknown): string => String(isScalar(k) ? k.value : k);
const pad = (n: number): string => ' '.repeat(n);

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Lines after the first indented by `indent` (the first goes where the replaced text began). */
function indentRest(text: string, indent: number): string {
  return text.split('\n').map((l, i) => (i === 0 || l === '' ? l : pad(indent) + l)).join('\n');
}

function renderPair(pair: Pair, indent: number): string {
  const doc = new Document();
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(keyOf(pair.key)), pair.value));
  doc.contents = map;
  return indentRest(doc.toString(RENDER).replace(/\n$/, ''), indent);
}

function renderItem(item: unknown, indent: number): string {
  const doc = new Document();
  const seq = new YAMLSeq();
  seq.items.push(item);
  doc.contents = seq;
  return indentRest(doc.toString(RENDER).replace(/\n$/, ''), indent);
}

/** Appends `line` (no newline) after `text`, which may or may not end with one. */
function appendLine(text: string, indent: number, line: string): string {
  return text.endsWith('\n') ? `${text}${pad(indent)}${line}\n` : `${text}\n${pad(indent)}${line}`;
}

function endOf(p: Pair): number {
  const v = p.value as Node | null;
  return v?.range?.[1] ?? (p.key as Node).range?.[1] ?? 0;
}

function spliceMap(text: string, o: YAMLMap, e: YAMLMap, fallbackIndent: number): string {
  const range = o.range as [number, number, number];
  const first = o.items[0];
  const indent = first ? column(text, (first.key as Node).range?.[0] ?? range[0]) : fallbackIndent;
  let out = '';
  let pos = range[0];
  const seen = new Set<string>();
  for (const op of o.items) {
    const key = keyOf(op.key);
    seen.add(key);
    const start = (op.key as Node).range?.[0] ?? pos;
    const end = endOf(op);
    const ep = e.items.find((p) => keyOf(p.key) === key);
    out += text.slice(pos, start);
    pos = end;
    if (!ep) {
      // removed: drop its line break too
      if (text[pos] === '\n') pos++;
      continue;
    }
    out += splicePair(text, op, ep, indent, start, end);
  }
  out += text.slice(pos, range[1]);
  for (const ep of e.items) {
    if (!seen.has(keyOf(ep.key))) out = appendLine(out, indent, renderPair(ep, indent));
  }
  return out;
}

function splicePair(text: string, op: Pair, ep: Pair, indent: number, start: number, end: number): string {
  const ov = op.value as Node | null;
  const ev = ep.value as Node | null;
  if (json(ov) === json(ev)) return text.slice(start, end);
  if (isMap(ov) && isMap(ev) && !ov.flow && ov.items.length > 0 && ov.range) {
    return text.slice(start, ov.range[0]) + spliceMap(text, ov, ev, indent + 2);
  }
  if (isSeq(ov) && isSeq(ev) && !ov.flow && ov.items.length > 0 && ov.range && ev.items.length >= ov.items.length
      && ov.items.every((item, i) => json(item) === json(ev.items[i]))) {
    const itemIndent = column(text, ov.range[0]);
    let out = text.slice(start, end);
    for (const item of ev.items.slice(ov.items.length)) out = appendLine(out, itemIndent, renderItem(item, itemIndent));
    return out;
  }
  const fresh = renderPair(ep, indent);
  return text.slice(start, end).endsWith('\n') ? `${fresh}\n` : fresh;
}
