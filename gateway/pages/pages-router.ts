/**
 * Serves the built web pages (web/build.ts's dist/web): `/widget/*` (the visitor widget's
 * scripts), `/widget/manifest.json` (hashed names and sha384 integrity of every file), and the
 * agent console under `/console/` (`/console` redirects there; index.html is its page).
 * Rules (docs/pages.md):
 * - a content-hashed name (`name.<12 hex>.ext`) never changes: `Cache-Control: public,
 *   max-age=31536000, immutable`; a plain name may: `public, max-age=300` with an ETag;
 * - the files are public and readable from any origin (`Access-Control-Allow-Origin: *`, no
 *   credentials), so a host page may load the widget with `integrity` and `crossorigin`;
 * - `nosniff` on everything; the console may not be framed (X-Frame-Options DENY, CSP
 *   frame-ancestors 'none') and sends no Referer;
 * - only GET and HEAD; anything missing falls through to the API's 404.
 * A folder that does not exist (pages not built) is logged once and serves nothing.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import express, { type Response, type Router } from 'express';
import type { Logger } from '../log/index.js';

/** web/build.ts's hashed copies: `<name>.<12 hex>.<ext>`. */
const HASHED = /\.[0-9a-f]{12}\.(?:m?js|css)$/;
const LONG = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

export interface PagesOptions {
  /** The built pages (dist/web). */
  readonly dir: string;
  readonly log: Logger;
}

export function cacheControlFor(path: string): string {
  return HASHED.test(basename(path)) ? LONG : SHORT;
}

function publicHeaders(res: Response, path: string): void {
  res.setHeader('Cache-Control', cacheControlFor(path));
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.removeHeader('Access-Control-Allow-Credentials');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

export function createPagesRouter(opts: PagesOptions): Router {
  const router = express.Router();
  if (!existsSync(opts.dir)) {
    opts.log.warn('pages: the built pages are missing (run make build); /widget/ and /console/ serve nothing', { dir: opts.dir });
  }
  const common = { etag: true, lastModified: false, dotfiles: 'ignore' as const, fallthrough: true };

  router.get('/widget/manifest.json', (_req, res, next) => {
    const file = join(opts.dir, 'manifest.json');
    if (!existsSync(file)) return next();
    publicHeaders(res, file);
    res.type('application/json').sendFile(file, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  router.use('/widget', express.static(join(opts.dir, 'widget'), { ...common, index: false, redirect: false, setHeaders: publicHeaders }));
  router.use('/console', express.static(join(opts.dir, 'console'), {
    ...common,
    index: 'index.html',
    redirect: true,
    setHeaders: (res, path) => {
      publicHeaders(res, path);
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
      res.setHeader('Referrer-Policy', 'no-referrer');
    },
  }));
  return router;
}
