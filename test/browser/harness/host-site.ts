/**
 * A web site of another origin than ofgate (its own port on 127.0.0.1), serving fixed HTML
 * pages: the host pages that embed the widget in the browser tests, and the page they serve
 * (`hostPage`: a shop with hostile CSS and the widget's one <script> tag).
 */
import { createServer, type Server } from 'node:http';

/** CSS of a careless or hostile host page: it must neither hide nor restyle the widget. */
export const HOSTILE_CSS = `
  html, body { font: 40px/3 serif; color: lime; background: #300; }
  body * { all: unset !important; display: none !important; }
  button { color: red !important; background: yellow !important; }
  div, section, form, input, textarea { border: 5px dashed magenta !important; }
`;

/** A host page with HOSTILE_CSS embedding the widget of `ofgate` for `workgroup`; `extra`: more attributes of the tag. */
export function hostPage(ofgate: { readonly url: string }, workgroup: string, extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><style>${HOSTILE_CSS}</style></head>
<body><main><h1>A shop</h1><p>Products.</p></main>
<script src="${ofgate.url}/widget/ofgate-chat.js" data-workgroup="${workgroup}" ${extra} async></script></body></html>`;
}

export interface HostSite {
  readonly url: string;
  /** Sets (or replaces) the page at `path`. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    if (html === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return `${url}${path}`;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
