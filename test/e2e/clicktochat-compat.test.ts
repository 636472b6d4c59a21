/**
 * Click-to-chat as clicktochat_ejabberd's pages see it: its README's exact curl command lines
 * (run with curl itself, only IP:PORT filled in) succeed against an ofgate in public widget mode
 * with a public list; the answers carry the original's shapes, content types and CORS headers.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { accountExists, disconnect, helpdeskUser, queued, startClickToChat, type ClickToChatGateway, type HelpdeskUser } from '../kit/clicktochat-kit.js';

interface CurlAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Runs curl with these arguments; parses its `-i` output (the last header block: curl may print a 100 Continue first). */
function curl(args: readonly string[]): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '--max-time', '20', ...args], { timeout: 25_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl failed: ${stderr || err.message}`));
      const blocks = stdout.split('\r\n\r\n');
      let at = 0;
      while (at + 1 < blocks.length && /^HTTP\/\S+ 1\d\d/.test(blocks[at] ?? '')) at++;
      const [statusLine = '', ...lines] = (blocks[at] ?? '').split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: blocks.slice(at + 1).join('\r\n\r\n') });
    });
  });
}

describe('click-to-chat: the original\'s clients (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: ClickToChatGateway;
  let agent: HelpdeskUser;
  let ipPort = '';

  before(async () => {
    w = await getWorld();
    g = await startClickToChat(w, { 'clicktochat.public': true, 'clicktochat.listPublic': true });
    ipPort = g.url.replace('http://', '');
    agent = await helpdeskUser(w, 'ctcreadme');
    await queued(g, w.secret, agent.jid);
  });
  after(async () => {
    await disconnect(g, w.secret, `my_client@${w.domain}`).catch(() => undefined);
    await agent?.xmpp.stop();
    await g?.stop();
  });

  it('when the README\'s register curl line runs, then it gets 201 text/xml with the register document', async () => {
    const r = await curl(['-i', '-H', 'Accept: text/xml', '-X', 'POST', '-d', "<?xml version='1.0'?><registration><username>my_client</username><password>123</password></registration>", `http://${ipPort}/clicktochat/register`]);
    assert.equal(r.status, 201, r.body);
    assert.match(r.headers['content-type'] ?? '', /^text\/xml/);
    assert.equal(r.body, `<?xml version='1.0'?><register><status>ok</status><from>my_client@${w.domain}</from><to>${agent.jid}</to></register>`);
    assert.equal(await accountExists(w, 'my_client', w.domain), true);
  });

  it('when the README\'s register line runs again for the same name, then 400 `exists` as the original', async () => {
    const r = await curl(['-i', '-H', 'Accept: text/xml', '-X', 'POST', '-d', "<?xml version='1.0'?><registration><username>my_client</username><password>123</password></registration>", `http://${ipPort}/clicktochat/register`]);
    assert.equal(r.status, 400);
    assert.equal(r.body, 'exists');
  });

  it('when the README\'s list curl line runs, then it gets 200 text/xml with the available helpdesk users, and CORS * as the original', async () => {
    const r = await curl(['-i', '-X', 'GET', `http://${ipPort}/clicktochat/list`]);
    assert.equal(r.status, 200, r.body);
    assert.match(r.headers['content-type'] ?? '', /^text\/xml/);
    assert.equal(r.body, `<?xml version='1.0'?><connected_users><username>${agent.jid}</username></connected_users>`);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-methods'], 'POST, PUT, DELETE, GET, OPTIONS');
    assert.match(r.headers['access-control-allow-headers'] ?? '', /^origin, content-type, accept/);
  });

  it('when register is answered, then it carries no Access-Control-Allow-Origin unless one is configured (the original sent * everywhere)', async () => {
    const r = await request(g.url).post('/clicktochat/register').set('Origin', 'https://evil.example').send('<r/>');
    assert.equal(r.status, 400);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal(r.headers['access-control-allow-credentials'], undefined);
  });

  it('when a page preflights a path, then OPTIONS answers 200 with the original\'s CORS headers (not the API-wide ones) and no body', async () => {
    for (const path of ['register', 'list', 'disconnect']) {
      const r = await request(g.url).options(`/clicktochat/${path}`).set('Origin', 'https://shop.example').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type');
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['access-control-allow-methods'], 'POST, PUT, DELETE, GET, OPTIONS', path);
      assert.equal(r.headers['access-control-allow-headers'], 'origin, content-type, accept, authorization, x-api-key', path);
      assert.match(r.headers['content-type'] ?? '', /^text\/xml/, path);
      assert.equal(r.text ?? '', '', path);
    }
  });
});
