/**
 * The foundation end to end: auth forms, both JSON dialects, XML default, the error shape,
 * liberal input, malformed bodies, CORS, health, and the spec matching the served routes.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

describe('foundation (e2e)', () => {
  let w: Stack;
  let user: string;
  const userPw = 'pw:with:colons <&>';

  before(async () => {
    w = await getWorld();
    user = unique('fu');
    await registerUser(w.ej.apiUrl, w.domain, user, userPw);
  });

  describe('auth', () => {
    it('when no credentials are sent, then 401 with WWW-Authenticate and an error body that leaks nothing', async () => {
      const res = await request(w.url).get('/plugins/restapi/v1/system/properties').set('Accept', 'application/json');
      assert.equal(res.status, 401);
      assert.match(res.headers['www-authenticate'] ?? '', /^Basic realm="ofchat"/);
      assert.equal(res.body.exception, 'UnauthorizedException');
      assert.ok(!JSON.stringify(res.body).includes(w.secret));
    });

    it('when the password is wrong, then 401', async () => {
      const res = await request(w.url).get('/restapi/v1/system/properties').set('Authorization', basic('admin', 'wrong'));
      assert.equal(res.status, 401);
    });

    it('when a non-admin user calls an admin route, then 403 NotAllowedException', async () => {
      const res = await request(w.url).get('/restapi/v1/system/properties').set('Authorization', basic(user, userPw)).set('Accept', 'application/json');
      assert.equal(res.status, 403);
      assert.equal(res.body.exception, 'NotAllowedException');
    });

    it('when the shared secret is sent raw, then admin routes answer', async () => {
      const res = await request(w.url).get('/plugins/restapi/v1/system/properties').set('Authorization', w.secret);
      assert.equal(res.status, 200);
    });

    it('when the admin sends bare base64 or a lower-case scheme, then both are accepted', async () => {
      const bare = Buffer.from(`admin@${w.domain}:${w.adminPassword}`).toString('base64');
      assert.equal((await request(w.url).get('/restapi/v1/system/properties').set('Authorization', bare)).status, 200);
      assert.equal((await request(w.url).get('/restapi/v1/system/properties').set('Authorization', `basic ${bare}`)).status, 200);
    });

    it('when OPTIONS is sent without credentials, then 200 with CORS headers: any origin by default, but never with credentials', async () => {
      const res = await request(w.url).options('/restapi/v1/users').set('Origin', 'https://app.example');
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-allow-credentials'], undefined, 'a browser must not attach cached credentials for another site');
      assert.match(res.headers['access-control-allow-headers'] ?? '', /Authorization/);
    });

    it('when a browser script (fetch, XHR) gets a 401, then without the Basic challenge (no native login dialog); curl still gets it; every answer carries the security headers', async () => {
      for (const headers of [{ 'X-Requested-With': 'XMLHttpRequest' }, { 'Sec-Fetch-Mode': 'cors' }, { 'Sec-Fetch-Mode': 'same-origin' }]) {
        const res = await request(w.url).get('/restapi/v1/users').set(headers);
        assert.equal(res.status, 401);
        assert.equal(res.headers['www-authenticate'], undefined, JSON.stringify(headers));
      }
      const navigated = await request(w.url).get('/restapi/v1/users').set('Sec-Fetch-Mode', 'navigate');
      assert.match(navigated.headers['www-authenticate'] ?? '', /^Basic realm=/);
      assert.equal(navigated.headers['x-content-type-options'], 'nosniff');
      assert.equal(navigated.headers['referrer-policy'], 'no-referrer');
      assert.equal(navigated.headers['x-frame-options'], 'DENY');
    });
  });

  describe('dialects and formats', () => {
    const key = unique('fkey.');
    const value = 'Zoë "Q" <&> ✓';

    before(async () => {
      const res = await request(w.url)
        .post('/plugins/restapi/v1/system/properties')
        .set('Authorization', w.secret)
        .set('Content-Type', 'application/json')
        .send({ '@key': key, '@value': value });
      assert.equal(res.status, 201);
    });

    it('when no Accept is sent, then XML comes back, escaped', async () => {
      const res = await request(w.url).get(`/restapi/v1/system/properties/${encodeURIComponent(key)}`).set('Authorization', w.secret);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /application\/xml/);
      assert.ok(res.text.includes(`<property key="${key}" value="Zoë &quot;Q&quot; &lt;&amp;&gt; ✓"/>`), res.text);
    });

    it('when ofchat JSON is asked for, then attributes are @keys and the text round-trips', async () => {
      const res = await request(w.url).get(`/rest/api/restapi/v1/system/properties/${encodeURIComponent(key)}`).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.deepEqual(res.body, { '@key': key, '@value': value });
    });

    it('when a one-item list is rendered, then ofchat gives an object and the plugin an array with native types', async () => {
      const ofchat = await request(w.url).get(`/restapi/v1/users?search=${user}`).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(ofchat.status, 200);
      assert.ok(!Array.isArray(ofchat.body.user), JSON.stringify(ofchat.body));
      assert.equal(ofchat.body.user.username, user);
      const modern = await request(w.url).get(`/plugins/restapi/v1/users?search=${user}`).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.ok(Array.isArray(modern.body.users), JSON.stringify(modern.body));
      assert.equal(modern.body.users.length, 1);
      assert.equal(modern.body.users[0].username, user);
      const stats = await request(w.url).get('/plugins/restapi/v1/system/statistics/sessions').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(stats.status, 200);
      assert.equal(typeof stats.body.localSessions, 'number', 'native number in the plugin dialect');
      const statsOfchat = await request(w.url).get('/restapi/v1/system/statistics/sessions').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(typeof statsOfchat.body.localSessions, 'string', 'scalars are strings in the ofchat dialect');
    });

    it('when the error shape is rendered, then ofchat says ressource and the plugin resource', async () => {
      const ofchat = await request(w.url).get('/restapi/v1/system/properties/nope.nope').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(ofchat.status, 404);
      assert.deepEqual(Object.keys(ofchat.body).sort(), ['exception', 'message', 'ressource']);
      assert.equal(ofchat.body.exception, 'PropertyNotFoundException');
      const modern = await request(w.url).get('/plugins/restapi/v1/system/properties/nope.nope').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.deepEqual(Object.keys(modern.body).sort(), ['exception', 'message', 'resource']);
      const xml = await request(w.url).get('/plugins/restapi/v1/system/properties/nope.nope').set('Authorization', w.secret);
      assert.match(xml.text, /^<\?xml[^>]*\?><error><resource>nope\.nope<\/resource><message>[^<]*<\/message><exception>PropertyNotFoundException<\/exception><\/error>$/);
    });
  });

  describe('liberal input, strict failures', () => {
    it('when GET and DELETE carry a JSON body (even []), then it is ignored', async () => {
      const res = await request(w.url).get('/plugins/restapi/v1/system/properties').set('Authorization', w.secret).set('Content-Type', 'application/json').send('[]');
      assert.equal(res.status, 200);
    });

    it('when null and false mean "not given", then they are not errors', async () => {
      const key = unique('nf.');
      await request(w.url).post('/plugins/restapi/v1/system/properties').set('Authorization', w.secret).send({ '@key': key, '@value': 'v', extra: null, other: false }).expect(201);
      const res = await request(w.url).put(`/plugins/restapi/v1/system/properties/${key}`).set('Authorization', w.secret).send({ key, value: null });
      assert.equal(res.status, 200);
    });

    it('when a route has a trailing slash, then it is served', async () => {
      const res = await request(w.url).get('/plugins/restapi/v1/system/properties/').set('Authorization', w.secret);
      assert.equal(res.status, 200);
    });

    for (const [what, type, body] of [
      ['bad JSON', 'application/json', '{"@key": '],
      ['bad XML', 'application/xml', '<property key="a"'],
      ['XML without its type', 'text/plain', '<property key="a"/>'],
      ['a wrong type', 'application/json', '{"key":"k","value":{"nested":true}}'],
    ] as const) {
      it(`when the body is ${what}, then a 4xx in the error format, never a 500`, async () => {
        const res = await request(w.url).post('/plugins/restapi/v1/system/properties').set('Authorization', w.secret).set('Accept', 'application/json').set('Content-Type', type).send(body);
        assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text}`);
        assert.equal(typeof res.body.exception, 'string');
      });
    }

    it('when the body is larger than the limit, then 413 in the error format', async () => {
      const big = JSON.stringify({ key: 'k', value: 'x'.repeat(w.config.server.bodyLimitBytes + 10) });
      const res = await request(w.url).post('/plugins/restapi/v1/system/properties').set('Authorization', w.secret).set('Accept', 'application/json').set('Content-Type', 'application/json').send(big);
      assert.equal(res.status, 413);
      assert.equal(res.body.exception, 'IllegalArgumentException');
    });

    it('when a route does not exist, then 404 in the error format', async () => {
      const res = await request(w.url).get('/plugins/restapi/v1/nothing/here').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(res.status, 404);
      assert.equal(res.body.exception, 'NotFoundException');
    });
  });

  describe('operations', () => {
    it('when /healthz is asked, then ofgate and ejabberd are up', async () => {
      const res = await request(w.url).get('/healthz');
      assert.equal(res.status, 200);
      assert.equal(res.body.ejabberd, 'up');
    });

    it('when /metrics is scraped, then only with admin rights, and it counts requests and failed logins', async () => {
      assert.equal((await request(w.url).get('/metrics')).status, 401);
      const scrape = async (): Promise<string> => {
        const res = await request(w.url).get('/metrics').set('Authorization', w.secret);
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
        return res.text;
      };
      const failures = (text: string): number => Number(/^ofgate_login_failures_total (\d+)/m.exec(text)?.[1] ?? NaN);
      const before = failures(await scrape());
      const wrong = Buffer.from(`admin@${w.domain}:not-the-password`).toString('base64');
      assert.equal((await request(w.url).get('/restapi/v1/system/properties').set('Authorization', `Basic ${wrong}`)).status, 401);
      const text = await scrape();
      assert.equal(failures(text), before + 1);
      assert.match(text, /ofgate_http_requests_total\{method="GET",route="\/restapi\/v1\/system\/properties",status="401"\} \d+/);
      assert.match(text, /ofgate_ejabberd_call_duration_seconds_count\{operation="checkPassword"\} \d+/);
      assert.ok(!text.includes(w.secret) && !text.includes('not-the-password'));
    });

    it('when the sandbox is opened, then Swagger UI and the spec are served, without any secret', async () => {
      const ui = await request(w.url).get('/swagger/');
      assert.equal(ui.status, 200);
      assert.match(ui.text, /swagger-ui/i);
      const spec = await request(w.url).get('/swagger/openapi.json');
      assert.equal(spec.status, 200);
      assert.ok(!spec.text.includes(w.secret));
      assert.ok(!spec.text.includes(w.adminPassword));
    });
  });
});
