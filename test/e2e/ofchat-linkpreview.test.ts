/**
 * The link preview (GET ask/previewlink/{quality}/{url}) and its SSRF rules: over HTTP against the
 * shared gateway (default config: loopback, link-local, private and mapped addresses refused,
 * by literal and after DNS resolution), and the preview service itself against a real local web
 * server let in by allowAddresses (Open Graph reading, redirects re-checked, time and size
 * bounds, allowHosts, the connection pinned to the address that was checked).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { isGatewayError } from '../../gateway/errors/index.js';
import { createLinkPreviews, isPublicAddress, type FetchLimits } from '../../gateway/linkpreview/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

const b64 = (s: string): string => encodeURIComponent(Buffer.from(s).toString('base64'));

describe('link preview: SSRF rules and bounds', function () {
  let world: Stack;
  let server: Server;
  let base: string;
  const hosts: string[] = [];
  const limits: FetchLimits = { timeoutMs: 1500, maxBytes: 4096, maxRedirects: 2, allowHosts: [], allowAddresses: ['127.0.0.1/32'] };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/page': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      '<html><head><title>Plain title</title><meta property="og:title" content="Caf&#233; &amp; Co"><meta property="og:description" content="  The   best\n coffee "><meta property="og:image" content="/img/logo.png"></head><body>x</body></html>'),
    '/plain': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<title>Only a title</title><meta name="description" content="desc">'),
    '/to-page': (_q, r) => r.writeHead(302, { location: '/page' }).end(),
    '/to-private': (_q, r) => r.writeHead(302, { location: 'http://10.0.0.1/x' }).end(),
    '/to-v6-loopback': (_q, r) => r.writeHead(301, { location: `http://[::1]:${(server.address() as AddressInfo).port}/page` }).end(),
    '/loop': (_q, r) => r.writeHead(302, { location: '/loop' }).end(),
    '/slow': () => {},
    '/huge': (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.write('<meta property="og:title" content="Huge">');
      const chunk = 'x'.repeat(64 * 1024);
      let n = 0;
      const more = (): void => {
        while (n++ < 1000) if (!r.write(chunk)) return void r.once('drain', more);
        r.end();
      };
      more();
    },
    '/image.png': (_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)),
  };

  before(async () => {
    world = await getWorld();
    server = createServer((req, res) => {
      hosts.push(String(req.headers.host));
      (routes[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  describe('over HTTP with the default configuration', () => {
    const refusedWith403 = ['http://127.0.0.1:1/', 'http://localhost:1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]/', 'http://10.1.2.3/', 'http://0.0.0.0/'];
    for (const target of refusedWith403) {
      it(`when ${target} is asked, then 403 names the refused address and nothing is fetched`, async () => {
        const res = await request(world.url).get(`/restapi/v1/ask/previewlink/1/${b64(target)}`).set('Authorization', world.secret).set('Accept', 'application/json').expect(403);
        assert.match(res.body.message, /private, loopback or link-local/);
      });
    }

    it('when the local page is asked through ofgate, then it is refused too (it is on loopback)', async () => {
      const before = hosts.length;
      await request(world.url).get(`/restapi/v1/ask/previewlink/1/${b64(`${base}/page`)}`).set('Authorization', world.secret).expect(403);
      assert.equal(hosts.length, before);
    });

    it('when the link is not http(s), not base64, or the caller has no credentials, then 400, 400 and 401', async () => {
      await request(world.url).get(`/restapi/v1/ask/previewlink/1/${b64('file:///etc/passwd')}`).set('Authorization', world.secret).expect(400);
      await request(world.url).get('/restapi/v1/ask/previewlink/1/%25%25%25').set('Authorization', world.secret).expect(400);
      await request(world.url).get(`/restapi/v1/ask/previewlink/1/${b64('https://example.org/')}`).expect(401);
    });

    it('when a user (not only an admin) asks, then the rules are the same', async () => {
      const u = unique('lp');
      await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
      await request(world.url).get(`/restapi/v1/ask/previewlink/1/${b64('http://127.0.0.1/')}`).set('Authorization', basic(u, 'pw')).expect(403);
    });
  });

  describe('the preview service against a local page let in by allowAddresses', () => {
    const previews = () => createLinkPreviews(limits);
    const refusal = async (p: Promise<unknown>): Promise<{ status: number; message: string }> => {
      try {
        await p;
      } catch (err) {
        assert.ok(isGatewayError(err), String(err));
        return { status: err.status, message: err.message };
      }
      assert.fail('expected a refusal');
    };

    it('when a page has Open Graph tags, then title, short description and an absolute image come back', async () => {
      assert.deepEqual(await previews().preview(Buffer.from(`${base}/page`).toString('base64')), { title: 'Café & Co', descriptionShort: 'The best coffee', image: `${base}/img/logo.png` });
      assert.deepEqual(await previews().preview(Buffer.from(`${base}/plain`).toString('base64url')), { title: 'Only a title', descriptionShort: 'desc', image: '' });
      assert.deepEqual(await previews().preview(Buffer.from(`${base}/image.png`).toString('base64')), { title: `${base}/image.png`, descriptionShort: '', image: `${base}/image.png` });
    });

    it('when a page redirects, then each hop is checked: a redirect to a private or unlisted address is refused, too many redirects are refused', async () => {
      assert.equal((await previews().preview(Buffer.from(`${base}/to-page`).toString('base64'))).title, 'Café & Co');
      assert.equal((await refusal(previews().preview(Buffer.from(`${base}/to-private`).toString('base64')))).status, 403);
      assert.equal((await refusal(previews().preview(Buffer.from(`${base}/to-v6-loopback`).toString('base64')))).status, 403);
      assert.match((await refusal(previews().preview(Buffer.from(`${base}/loop`).toString('base64')))).message, /More than 2 redirects/);
    });

    it('when a page is slow or huge, then 504 within the time limit, and a huge page is read only up to maxBytes', async () => {
      const started = Date.now();
      assert.equal((await refusal(previews().preview(Buffer.from(`${base}/slow`).toString('base64')))).status, 504);
      assert.ok(Date.now() - started < limits.timeoutMs + 1000);
      assert.equal((await previews().preview(Buffer.from(`${base}/huge`).toString('base64'))).title, 'Huge');
    });

    it('when allowHosts is set, then other hosts are refused before any connection', async () => {
      const before = hosts.length;
      const r = await refusal(createLinkPreviews({ ...limits, allowHosts: ['*.example.org'] }).preview(Buffer.from(`${base}/page`).toString('base64')));
      assert.equal(r.status, 403);
      assert.match(r.message, /allowHosts/);
      assert.equal(hosts.length, before);
    });

    it('when a name resolves, then the connection goes to the address checked (the name kept as Host), and a name with any private address is refused', async () => {
      const port = (server.address() as AddressInfo).port;
      const pinned = createLinkPreviews(limits, async () => [{ address: '127.0.0.1', family: 4 }]);
      assert.equal((await pinned.preview(Buffer.from(`http://intranet.test:${port}/page`).toString('base64'))).title, 'Café & Co');
      assert.equal(hosts[hosts.length - 1], `intranet.test:${port}`);
      const mixed = createLinkPreviews(limits, async () => [{ address: '93.184.216.34', family: 4 }, { address: '192.168.1.1', family: 4 }]);
      assert.equal((await refusal(mixed.preview(Buffer.from('http://mixed.test/').toString('base64')))).status, 403);
    });

    it('when addresses are classified, then only public unicast passes', () => {
      for (const a of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd12::1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:c0a8:101::', '224.0.0.1']) assert.equal(isPublicAddress(a), false, a);
      for (const a of ['93.184.216.34', '2606:4700:4700::1111', '::ffff:93.184.216.34']) assert.equal(isPublicAddress(a), true, a);
    });
  });
});
