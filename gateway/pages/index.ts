/** The web pages (visitor widget, agent console) as served files: see pages-router.ts. */
export { cacheControlFor, createPagesRouter, type PagesOptions } from './pages-router.js';
export { defaultPagesDir } from './web-root.js';
