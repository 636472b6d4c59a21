/**
 * XML is the default (JAX-RS @Produces order); JSON with `Accept: application/json`.
 * When Accept names neither (absent, wildcard, text/plain…), the request's Content-Type
 * decides, as ofchat did for errors — but never a 500 for an unknown Accept.
 */
export type Format = 'xml' | 'json';

/** What an Accept header asks for (undefined: neither JSON nor XML). */
function acceptedFormat(accept: string): Format | undefined {
  const types = accept
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
  return undefined;
}

/**
 * Clients send a handful of distinct Accept headers, each on every request: their answers are
 * kept (bounded: short headers only, at most ACCEPT_CACHE_SIZE, emptied when full).
 */
const ACCEPT_CACHE_SIZE = 64;
const ACCEPT_CACHE_LENGTH = 256;
const byAccept = new Map<string, Format | null>();

function formatOfAccept(accept: string): Format | undefined {
  if (accept.length > ACCEPT_CACHE_LENGTH) return acceptedFormat(accept);
  const known = byAccept.get(accept);
  if (known !== undefined) return known ?? undefined;
  const f = acceptedFormat(accept);
  if (byAccept.size >= ACCEPT_CACHE_SIZE) byAccept.clear();
  byAccept.set(accept, f ?? null);
  return f;
}

export function negotiate(accept: string | undefined, contentType: string | undefined): Format {
  const f = accept ? formatOfAccept(accept) : undefined;
  if (f) return f;
  if (contentType && /json/i.test(contentType)) return 'json';
  return 'xml';
}
