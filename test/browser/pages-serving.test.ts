/**
 * How ofgate serves the built pages (gateway/pages over dist/web), through HTTP against the
 * shared world: the widget's plain names revalidate (max-age=300, ETag, 304), the hashed copies
 * are immutable and match the manifest's sha384 integrity, both script forms have a JavaScript
 * type, every file is readable from any origin without credentials, /console redirects to
 * /console/ and its page may not be framed, other methods and missing files fall through to
 * the API's 404, and the ES module form works in chromium as `<ofgate-chat workgroup>`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { cacheControlFor } from '../../gateway/pages/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { workgroup } from '../kit/fastpath-kit.js';
import { builtManifest } from './harness/built-pages.js';
import { launchChromium } from './harness/chromium.js';
import { startHostSite } from './harness/host-site.js';
import { screenshotter } from './harness/screenshots.js';

const sha384 = (b: Buffer | string): string => `sha384-${createHash('sha384').update(b).digest('base64')}`;

describe('Pages served by ofgate (e2e)', function () {
  this.timeout(30_000);
  let w: Stack;
  let manifest: ReturnType<typeof builtManifest>;
  before(async () => {
    manifest = builtManifest();
    w = await getWorld();
  });

  it('cache rules: content-hashed names are immutable, plain names revalidate', () => {
    assert.equal(cacheControlFor('/x/widget/ofgate-chat.0123456789ab.js'), 'public, max-age=31536000, immutable');
    assert.equal(cacheControlFor('/x/console/console.0123456789ab.css'), 'public, max-age=31536000, immutable');
    assert.equal(cacheControlFor('/x/widget/ofgate-chat.js'), 'public, max-age=300');
    assert.equal(cacheControlFor('/x/console/index.html'), 'public, max-age=300');
  });

  it('when the widget script is asked by its plain name from another origin, then it comes as JavaScript, max-age=300 with an ETag, readable by any origin, and revalidates with 304', async () => {
    const res = await request(w.url).get('/widget/ofgate-chat.js').set('Origin', 'https://shop.example');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^(text|application)\/javascript/);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const etag = res.headers.etag;
    assert.ok(etag, 'an ETag');
    assert.equal(sha384(res.text), manifest['widget/ofgate-chat.js']?.integrity, 'the manifest integrity of the plain name');
    const again = await request(w.url).get('/widget/ofgate-chat.js').set('If-None-Match', etag);
    assert.equal(again.status, 304);
  });

  it('when a hashed copy is asked, then it is immutable for a year and has the bytes its integrity names; the module form is JavaScript too', async () => {
    for (const name of ['widget/ofgate-chat.js', 'widget/ofgate-chat.mjs']) {
      const entry = manifest[name];
      assert.ok(entry, `${name} in the manifest`);
      assert.match(entry.file, /\.[0-9a-f]{12}\.m?js$/);
      const res = await request(w.url).get(`/${entry.file}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      assert.equal(res.status, 200, entry.file);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(res.headers['content-type'] ?? '', /javascript/);
      assert.equal(sha384(res.body as Buffer), entry.integrity);
      assert.equal((res.body as Buffer).length, entry.bytes);
    }
  });

  it('when the manifest is asked, then it lists every built file with its hashed name and integrity', async () => {
    const res = await request(w.url).get('/widget/manifest.json');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.deepEqual(res.body, manifest);
  });

  it('when /console is asked, then it redirects to /console/, whose page may not be framed (when the console is built)', async function () {
    if (!manifest['console/console.js']) this.skip(); // web/console not written yet
    const redirect = await request(w.url).get('/console');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/console/');
    const page = await request(w.url).get('/console/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(page.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  });

  it('when a file is missing or the method is not GET, then the API\'s 404 answers', async () => {
    const missing = await request(w.url).get('/widget/nope.js').set('Accept', 'application/json');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /No route for GET \/widget\/nope\.js/);
    const post = await request(w.url).post('/widget/ofgate-chat.js').set('Accept', 'application/json');
    assert.equal(post.status, 404);
    const traversal = await request(w.url).get('/widget/..%2f..%2fpackage.json');
    assert.notEqual(traversal.status, 200);
  });

  it('when a page uses the ES module form <ofgate-chat workgroup> with SRI, then chromium loads it and shows the launcher', async () => {
    const [browser, site] = await Promise.all([launchChromium(), startHostSite()]);
    try {
      const wg = await workgroup(w, [], { public: true }, 'wesm');
      const entry = manifest['widget/ofgate-chat.mjs'];
      assert.ok(entry);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(site.page('/esm', `<!doctype html><html lang="de"><head><title>ESM</title>
<script type="module" src="${w.url}/${entry.file}" integrity="${entry.integrity}" crossorigin="anonymous"></script></head>
<body><ofgate-chat workgroup="${wg}"></ofgate-chat></body></html>`));
      await page.locator('ofgate-chat button.launcher').filter({ hasText: 'Chatten Sie mit uns' }).waitFor();
      assert.deepEqual(errors, []);
      await screenshotter('pages')(page, 'esm-launcher');
    } finally {
      await Promise.all([browser.close(), site.close()]);
    }
  });
});
