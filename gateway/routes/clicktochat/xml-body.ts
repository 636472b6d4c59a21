/**
 * Reads a click-to-chat request body: the original parsed the body as XML whatever its
 * Content-Type (its README's curl sends form-urlencoded), took any root element, and wanted
 * exactly one `//username` (and `//password`) element holding exactly one text node.
 *
 * Parser: express-xml-bodyparser's own engine (xml2js over sax, strict), given the text the
 * route already read and bounded, with options that keep every node in order (text, elements)
 * so mixed content and duplicates are seen. What makes it safe:
 * - sax never reads a DTD's entity declarations, so no entity is ever expanded (billion laughs,
 *   external entities): only the five XML entities and character references are; any other
 *   reference fails the parse. A DOCTYPE or ENTITY declaration is refused before parsing, with
 *   a message naming it (sax would skip a bare DOCTYPE silently).
 * - The document is parsed inside a wrapper element, so a second root or text beside the root
 *   is seen (xml2js stops reading at the end of the first root).
 * - Size: bounded before this (maxBodyBytes); element names never become object keys here.
 * Every problem is a 400 naming it; nothing here echoes more than the parser's position.
 */
import { Parser } from 'xml2js';
import { badRequest } from '../../errors/index.js';

export interface XmlNode {
  readonly name: string;
  readonly children: ReadonlyArray<XmlNode | string>;
}

const WRAPPER = 'ofgate-clicktochat-body';
/** The wrapper's tags around the client's text: parsing input, not writing a document. */
const OPEN = '<' + WRAPPER + '>';
const CLOSE = '</' + WRAPPER + '>';
const DECLARATION = /^\uFEFF?\s*<\?xml\s[^?]*\?>/;
const OPTIONS = {
  strict: true,
  async: false,
  explicitRoot: true,
  explicitArray: true,
  explicitChildren: true,
  preserveChildrenOrder: true,
  charsAsChildren: true,
  includeWhiteChars: true,
  trim: false,
  normalize: false,
  normalizeTags: false,
  xmlns: false,
} as const;

interface Xml2jsNode {
  readonly '#name'?: unknown;
  readonly _?: unknown;
  readonly $$?: unknown;
}

function isText(n: Xml2jsNode): boolean {
  return n['#name'] === '__text__' && typeof n._ === 'string' && !('$$' in n);
}

function toNode(n: Xml2jsNode): XmlNode {
  const kids = Array.isArray(n.$$) ? (n.$$ as Xml2jsNode[]) : [];
  return { name: String(n['#name']), children: kids.map((k) => (isText(k) ? (k._ as string) : toNode(k))) };
}

function parseWrapped(text: string): Promise<Xml2jsNode> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err: Error | null, result: unknown): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(((result ?? {}) as Record<string, Xml2jsNode>)[WRAPPER] ?? {});
    };
    try {
      new Parser(OPTIONS).parseString(OPEN + text + CLOSE, done);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** The body's one root element; 400 naming the problem otherwise. */
export async function parseXmlBody(text: string): Promise<XmlNode> {
  if (text.trim() === '') throw badRequest('body: an XML document is required', { resource: 'body' });
  if (/<!DOCTYPE/i.test(text)) throw badRequest('body: a DOCTYPE declaration is not accepted', { resource: 'body' });
  if (/<!ENTITY/i.test(text)) throw badRequest('body: an entity declaration is not accepted', { resource: 'body' });
  let wrapper: Xml2jsNode;
  try {
    wrapper = await parseWrapped(text.replace(DECLARATION, ''));
  } catch (err) {
    const first = ((err as Error).message ?? '').split('\n');
    const where = /Line: (\d+)/.exec((err as Error).message ?? '');
    throw badRequest(`body: malformed XML: ${first[0] ?? 'unreadable'}${where ? ` (line ${Number(where[1]) + 1})` : ''}`, { resource: 'body' });
  }
  const top = toNode(wrapper).children;
  if (top.some((c) => typeof c === 'string' && c.trim() !== '')) throw badRequest('body: text outside the root element', { resource: 'body' });
  const roots = top.filter((c): c is XmlNode => typeof c !== 'string');
  if (roots.length !== 1) throw badRequest('body: exactly one root element expected', { resource: 'body' });
  return roots[0] as XmlNode;
}

function descendants(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/**
 * The text of the one `//name` element (the original's XPath), as sent (not trimmed): 400 when
 * it is missing, given twice, empty, or holds an element (mixed content).
 */
export function textField(root: XmlNode, name: string): string {
  const found = root.name === name ? [root, ...descendants(root, name)] : descendants(root, name);
  if (found.length === 0) throw badRequest(`${name}: missing`, { resource: name });
  if (found.length > 1) throw badRequest(`${name}: given more than once`, { resource: name });
  const el = found[0] as XmlNode;
  if (el.children.some((c) => typeof c !== 'string')) throw badRequest(`${name}: must hold text only (mixed content)`, { resource: name });
  const value = (el.children as string[]).join('');
  if (value === '') throw badRequest(`${name}: empty`, { resource: name });
  return value;
}
