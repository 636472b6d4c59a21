/**
 * Who may use click-to-chat (e2e; the original let anyone register, list and delete any
 * account): by default register, disconnect and list need an admin, the shared secret or a
 * configured API key (X-Api-Key); pairs is for admins. Public widget mode opens register to
 * anonymous pages, rate-limited per address (429 + Retry-After) with a cap on live accounts per
 * address (429, no account), and a configured CORS origin.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { accountExists, disconnect, helpdeskUser, queued, registration, startClickToChat, type ClickToChatGateway, type HelpdeskUser } from '../kit/clicktochat-kit.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

const KEY = 'ctc-key-0123456789';

describe('click-to-chat: access (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let agent: HelpdeskUser;
  const gateways: ClickToChatGateway[] = [];
  const start = async (overrides: Record<string, unknown>): Promise<ClickToChatGateway> => {
    const g = await startClickToChat(w, overrides);
    gateways.push(g);
    await queued(g, w.secret, agent.jid);
    return g;
  };
  const reg = (g: ClickToChatGateway, name: string) => request(g.url).post('/clicktochat/register').set('Content-Type', 'text/xml').send(registration(name, 'pw'));

  before(async () => {
    w = await getWorld();
    agent = await helpdeskUser(w, 'ctcacc');
  });
  after(async () => {
    for (const g of gateways) await g.stop();
    await agent?.xmpp.stop();
  });

  describe('by default', () => {
    let g: ClickToChatGateway;
    const user = unique('ctcplain');
    before(async () => {
      g = await start({ 'clicktochat.apiKeys': [KEY] });
      await registerUser(w.ej.apiUrl, w.domain, user, 'pw');
    });

    it('when register, list or disconnect come without credentials, then 401 and no account', async () => {
      const name = unique('ctcanon');
      const r = await reg(g, name);
      assert.equal(r.status, 401, r.text);
      assert.match(r.headers['www-authenticate'] ?? '', /^Basic/);
      assert.equal(await accountExists(w, name, w.domain), false);
      assert.equal((await request(g.url).get('/clicktochat/list')).status, 401);
      assert.equal((await request(g.url).post('/clicktochat/disconnect').send(`<username>${user}@${w.domain}</username>`)).status, 401);
      assert.equal(await accountExists(w, user, w.domain), true);
    });

    it('when a plain user\'s credentials are given, then 403; pairs too', async () => {
      const auth = basic(user, 'pw');
      assert.equal((await reg(g, unique('ctcu')).set('Authorization', auth)).status, 403);
      assert.equal((await request(g.url).get('/clicktochat/list').set('Authorization', auth)).status, 403);
      assert.equal((await request(g.url).get('/clicktochat/pairs').set('Authorization', auth)).status, 403);
    });

    it('when a configured API key is given, then register, list and disconnect work; a wrong key is 401', async () => {
      const name = unique('ctckey');
      const r = await reg(g, name).set('X-Api-Key', KEY);
      assert.equal(r.status, 201, r.text);
      const list = await request(g.url).get('/clicktochat/list').set('X-Api-Key', KEY);
      assert.equal(list.status, 200);
      assert.match(list.text, new RegExp(`<username>${agent.jid}</username>`));
      assert.equal((await request(g.url).get('/clicktochat/list').set('X-Api-Key', 'wrong')).status, 401);
      assert.equal((await request(g.url).post('/clicktochat/disconnect').set('X-Api-Key', KEY).send(`<username>${name}@${w.domain}</username>`)).status, 200);
      assert.equal(await accountExists(w, name, w.domain), false);
    });

    it('when an admin asks for the pairs, then XML by default and JSON on request', async () => {
      const name = unique('ctcpairs');
      assert.equal((await reg(g, name).set('Authorization', w.secret)).status, 201);
      const xmlRes = await request(g.url).get('/clicktochat/pairs').set('Authorization', basic('admin', w.adminPassword));
      assert.equal(xmlRes.status, 200);
      assert.match(xmlRes.text, new RegExp(`<pair><client>${name}@${w.domain}</client><agent>${agent.jid}</agent><status>active</status><since>\\d{4}-`));
      const json = await request(g.url).get('/clicktochat/pairs').set('Authorization', w.secret).set('Accept', 'application/json');
      assert.deepEqual((json.body as { pairs: Array<{ client: string }> }).pairs.map((p) => p.client), [`${name}@${w.domain}`]);
      assert.deepEqual((json.body as { queue: string[] }).queue, [agent.jid]);
      assert.equal(await disconnect(g, w.secret, `${name}@${w.domain}`), 200);
    });
  });

  describe('in public widget mode', () => {
    let g: ClickToChatGateway;
    before(async () => {
      g = await start({
        'clicktochat.public': true,
        'clicktochat.publicRegistersPerMinute': 4,
        'clicktochat.publicAccountsPerAddress': 2,
        'clicktochat.corsOrigin': 'https://shop.example',
      });
    });

    it('when anonymous pages register, then each address holds at most its cap of accounts, and beyond its rate it gets 429 with Retry-After', async () => {
      const [a, b, c, d] = [unique('ctcpub'), unique('ctcpub'), unique('ctcpub'), unique('ctcpub')];
      const first = await reg(g, a);
      assert.equal(first.status, 201, first.text);
      assert.equal(first.headers['access-control-allow-origin'], 'https://shop.example');
      assert.equal(first.headers['access-control-allow-credentials'], 'true');
      assert.equal((await reg(g, b)).status, 201);
      const capped = await reg(g, c);
      assert.equal(capped.status, 429, capped.text);
      assert.match(capped.text, /already holds 2/);
      assert.equal(await accountExists(w, c, w.domain), false);
      assert.equal(await disconnect(g, w.secret, `${a}@${w.domain}`), 200);
      assert.equal((await reg(g, c)).status, 201, 'a freed account makes room');
      const limited = await reg(g, d);
      assert.equal(limited.status, 429, limited.text);
      assert.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After');
      assert.equal(await accountExists(w, d, w.domain), false);
      for (const n of [b, c]) assert.equal(await disconnect(g, w.secret, `${n}@${w.domain}`), 200);
    });

    it('when list is not configured public, then it still needs credentials', async () => {
      assert.equal((await request(g.url).get('/clicktochat/list')).status, 401);
    });
  });
});
