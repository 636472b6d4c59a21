/**
 * What a link preview shows of a page: title, short description and image, from Open Graph
 * (og:*), then Twitter cards, then <title> and <meta name=description>. Pure; reads only the
 * page's head-ish start (the fetch bounds it). Texts are entity-decoded, whitespace-collapsed
 * and cut (title 200, description 300 characters); the image URL is made absolute against the
 * page and kept only when it is http(s).
 * References: ofchat-api.md §5.9 (ask/previewlink: {"image","descriptionShort","title"}); ogp.me.
 */

export interface LinkPreview {
  readonly title: string;
  readonly descriptionShort: string;
  readonly image: string;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

const clean = (s: string, max: number): string => {
  const t = decodeEntities(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

export function previewOf(html: string, pageUrl: string): LinkPreview {
  const meta = new Map<string, string>();
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const a = attrsOf(m[0]);
    const key = (a.property ?? a.name ?? '').toLowerCase();
    if (key && a.content !== undefined && !meta.has(key)) meta.set(key, a.content);
  }
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const title = meta.get('og:title') ?? meta.get('twitter:title') ?? titleTag ?? '';
  const description = meta.get('og:description') ?? meta.get('twitter:description') ?? meta.get('description') ?? '';
  const imageText = meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image') ?? '';
  let image = '';
  if (imageText) {
    try {
      const u = new URL(decodeEntities(imageText.trim()), pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') image = u.href;
    } catch {
      image = '';
    }
  }
  return { title: clean(title, 200), descriptionShort: clean(description, 300), image };
}

/** The page's text in its declared charset (utf-8 when none, or when the label is unknown). */
export function decodeBody(body: Buffer, contentType: string): string {
  const label = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
