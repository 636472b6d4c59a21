/**
 * XML entity bodies (Openfire's admin API takes XML as well as JSON), read as text by the body
 * reader and parsed only when the route asks for its entity — after authentication, so a
 * caller without credentials never gets the parser to work.
 * Before xml2js sees the text: its depth is bounded (BODY_MAX_DEPTH) in one linear pass, DTDs
 * and processing instructions other than the XML declaration are refused (sax expands no
 * entity, but nothing needs them), and element or attribute names xml2js would turn into
 * inherited object keys (`__proto__`, `constructor`, `prototype`: it merges them with
 * Object.prototype's members) are refused. Each problem is a 400 naming it.
 * The tree is xml2js' own (explicitArray false, tags as sent), as express-xml-bodyparser gave it.
 */
import { Parser } from 'xml2js';
import { badRequest } from '../errors/index.js';
import { scanXmlText } from '../xml/index.js';
import { BODY_MAX_DEPTH, tooDeep } from './body-limits.js';

/** A body whose Content-Type said XML: parsed by parseXmlEntityBody when the route needs it. */
export class PendingXmlBody {
  constructor(readonly text: string) {}
}

const XML_TYPE = /^(text\/xml|application\/([\w!#$%&*`\-.^~]+\+)?xml)$/i;
const DECLARATION = /^\uFEFF?\s*<\?xml\s[^?]*\?>/;
const INHERITED_NAME = /<\/?(?:[\w.-]+:)?(?:__proto__|constructor|prototype)[\s/>]|\s(?:[\w.-]+:)?(?:__proto__|constructor|prototype)\s*=/;
const OPTIONS = { explicitArray: false, normalize: false, normalizeTags: false, trim: true, explicitRoot: true, async: false } as const;

export function isXmlContentType(contentType: string | undefined): boolean {
  return XML_TYPE.test((contentType ?? '').split(';')[0]?.trim() ?? '');
}

/** The xml2js tree of an XML entity body; 400 when it is malformed, too deep or names an inherited key. */
export function parseXmlEntityBody(raw: string): unknown {
  const text = raw.replace(DECLARATION, '');
  const scan = scanXmlText(text, BODY_MAX_DEPTH, { comments: true });
  if (!scan.ok) throw scan.tooDeep ? tooDeep('The XML body', 'body') : badRequest(`Malformed XML body: ${scan.problem}`, { resource: 'body' });
  const inherited = INHERITED_NAME.exec(text);
  if (inherited) throw badRequest(`The XML body uses a reserved name (${inherited[0].trim()}): __proto__, constructor and prototype are not accepted as element or attribute names`, { resource: 'body' });
  let outcome: { err: Error | null; tree: unknown } | undefined;
  try {
    new Parser(OPTIONS).parseString(text, (err: Error | null, tree: unknown) => (outcome ??= { err, tree }));
  } catch (err) {
    outcome ??= { err: err as Error, tree: undefined };
  }
  if (!outcome || outcome.err) {
    const first = (outcome?.err?.message ?? 'unreadable').split('\n')[0];
    throw badRequest(`Malformed XML body: ${first}`, { resource: 'body' });
  }
  return outcome.tree ?? {};
}
