/**
 * XML is the default (JAX-RS @Produces order); JSON with `Accept: application/json`.
 * When Accept names neither (absent, wildcard, text/plain…), the request's Content-Type
 * decides, as ofchat did for errors — but never a 500 for an unknown Accept.
 */
export type Format = 'xml' | 'json';

export function negotiate(accept: string | undefined, contentType: string | undefined): Format {
  const types = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.type && t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of types) {
    if (type === 'application/json' || type.endsWith('+json')) return 'json';
    if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  }
  if (contentType && /json/i.test(contentType)) return 'json';
  return 'xml';
}
