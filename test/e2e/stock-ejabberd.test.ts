/**
 * ofgate beside Debian's stock ejabberd (issue 17): a throwaway ejabberd from a copy of
 * /etc/ejabberd/ejabberd.yml with only ports and paths changed (STARTTLS required with the
 * self-signed ejabberd.pem, mod_fail2ban on, X-OAUTH2 disabled, no mod_mam), then
 * `ofgate setup-ejabberd` run on it, then ejabberd and an in-process gateway against it:
 * TLS trust (untrusted certificate named, fingerprint pin, CA file + serverName), password
 * login, password-less login (X-OAUTH2), a message both ways with SSE, a hook event, history,
 * and `--undo` restoring the copy byte for byte.
 * Ports: the gateway's and the API listener's are held from the moment they are picked (they go
 * into ejabberd.yml) until just before ejabberd or the gateway binds them; a start that still
 * finds one taken (another process in that hand-over) is undone and made again on new ports.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { loadConfig } from '../../gateway/config/index.js';
import { createEjabberdBackend } from '../../gateway/ejabberd/index.js';
import { createGateway, type Gateway } from '../../gateway/gateway.js';
import { silentLogger } from '../../gateway/log/index.js';
import { openUserStream, type UserStreamOptions } from '../../gateway/xmpp/index.js';
import { buildShim, projectRoot } from '../harness/ejabberd-instance.js';
import { holdPort, portTaken } from '../harness/free-port.js';
import { prepareStockConfig, startStockEjabberd, stockAvailable, type StockCopy, type StockEjabberd } from '../harness/stock-ejabberd.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import { basic } from '../kit/http-auth.js';
import { openSse, type SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';

const run = promisify(execFile);
const DOMAIN = 'localhost';
const setupCli = (args: string[]) => run(process.execPath, ['--import', 'tsx', join(projectRoot, 'gateway', 'setup', 'main.ts'), ...args], { cwd: projectRoot, maxBuffer: 1 << 22, timeout: 30_000 });
/** Starts made on new ports when one was taken before it was bound. */
const START_ATTEMPTS = 3;

describe('ofgate beside a stock Debian ejabberd (e2e)', function () {
  this.timeout(60000);
  let copy: StockCopy;
  let ej: StockEjabberd | undefined;
  let gateway: Gateway | undefined;
  let url: string;
  let apiUrl: string;
  let setupOut: string;
  let fingerprint: string;
  const secret = randomBytes(12).toString('hex');
  const hookSecret = randomBytes(12).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'ofgate-stock-data-'));

  /** One start: the copy, setup-ejabberd on it, ejabberd, the gateway. */
  async function start(ebin: string): Promise<void> {
    copy = await prepareStockConfig();
    const [port, api] = await Promise.all([holdPort(), holdPort()]);
    try {
      url = `http://127.0.0.1:${port.port}`;
      apiUrl = `http://127.0.0.1:${api.port}/api`;
      setupOut = (await setupCli(['--ejabberd-config', copy.configFile, '--hook-url', `${url}/hooks/events`, '--hook-secret', hookSecret, '--api-port', String(api.port), '--shim-ebin', ebin])).stdout;
      fingerprint = /xmpp\.tls\.fingerprint: "([0-9A-F:]+)"/.exec(setupOut)?.[1] ?? '';
      await Promise.all([copy.releasePorts(), api.release()]);
      ej = await startStockEjabberd(copy.configFile, apiUrl, [ebin]);
      gateway = await createGateway(gatewayConfig(port.port), { secret, hookSecret }, silentLogger);
      await port.release();
      await gateway.listen(port.port);
    } finally {
      await Promise.all([port.release(), api.release()]);
    }
  }

  async function stopAll(): Promise<void> {
    await gateway?.stop().catch(() => undefined);
    gateway = undefined;
    await ej?.stop();
    ej = undefined;
    copy?.dispose();
  }

  const gatewayConfig = (port: number) =>
    loadConfig({
      env: {},
      overrides: {
        'server.port': port,
        'xmpp.domain': DOMAIN,
        'xmpp.service': `xmpp://127.0.0.1:${copy.c2sPort}`,
        'xmpp.tls.fingerprint': fingerprint,
        'ejabberd.httpApi.url': apiUrl,
        'ejabberd.shimLoaded': true,
        'auth.secret': secret,
        'hooks.secret': hookSecret,
        'store.backend': 'memory',
        'store.dataDir': dataDir,
        // clients told apart by X-Forwarded-For, as behind nginx (the throttle's per-address count)
        'server.trustProxy': true,
      },
    });

  before(async function () {
    if (!stockAvailable()) this.skip();
    this.timeout(START_ATTEMPTS * 70_000); // each start: setup-ejabberd 30 s, ejabberd 30 s, the gateway
    const ebin = buildShim();
    for (let attempt = 1; ; attempt++) {
      try {
        await start(ebin);
        return;
      } catch (err) {
        await stopAll();
        if (!portTaken(err) || attempt === START_ATTEMPTS) throw err;
      }
    }
  });

  after(async () => {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (name: string, password: string): Promise<void> => {
    const res = await fetch(`${apiUrl}/register`, { method: 'POST', body: JSON.stringify({ user: name, host: DOMAIN, password }) });
    assert.equal(res.status, 200, await res.text());
  };
  const streamOptions = (username: string, password: string, tls: UserStreamOptions['tls']): UserStreamOptions => ({
    service: `xmpp://127.0.0.1:${copy.c2sPort}`, domain: DOMAIN, username, password, tls,
    issueToken: () => Promise.reject(new Error('no token here')), revokeToken: async () => undefined,
    connectTimeoutMs: 5000, log: silentLogger, onStanza: () => undefined, onNotice: () => undefined,
  });

  describe('setup-ejabberd on the stock file', () => {
    it('when run, then it lists each change, ejabberd accepted the result, and it prints the certificate to pin', () => {
      for (const part of ["ofgate's API listener", 'api_permissions', 'oauth_access: all', 'X-OAUTH2 taken out', 'mod_ofgate', 'mod_fail2ban never bans loopback', 'mod_mam', 'resume_timeout: 0']) {
        assert.ok(setupOut.includes(part), `setup output names: ${part}`);
      }
      assert.match(setupOut, /ejabberd accepts the result/);
      assert.ok(!setupOut.includes(hookSecret), 'the hook secret is masked in the diff');
      assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const written = readFileSync(copy.configFile, 'utf8');
      assert.match(written, /starttls_required: true/, 'the c2s still requires STARTTLS');
    });

    it('when run again, then nothing changes', async () => {
      const before = readFileSync(copy.configFile);
      const out = (await setupCli(['--ejabberd-config', copy.configFile, '--hook-url', `${url}/hooks/events`, '--hook-secret', hookSecret, '--dry-run'])).stdout;
      assert.match(out, /nothing to change/);
      assert.deepEqual(readFileSync(copy.configFile), before);
    });
  });

  describe('TLS to the STARTTLS-required c2s', () => {
    const name = unique('tls');
    before(() => register(name, 'tls-pw'));

    it('when nothing is trusted, then the error names the untrusted certificate and the key to set', async () => {
      await assert.rejects(openUserStream(streamOptions(name, 'tls-pw', undefined)), (err: Error) => /not trusted/.test(err.message) && /xmpp\.tls\.fingerprint/.test(err.message));
    });

    it('when the CA file is trusted but the name differs, then the error names xmpp.tls.serverName; with it, the login works', async () => {
      await assert.rejects(openUserStream(streamOptions(name, 'tls-pw', { caFile: copy.certFile })), (err: Error) => /xmpp\.tls\.serverName/.test(err.message));
      const s = await openUserStream(streamOptions(name, 'tls-pw', { caFile: copy.certFile, serverName: 'ejabberd' }));
      assert.ok(s.isOnline());
      await s.close();
    });

    it('when the fingerprint is pinned, then the login works; a wrong pin is refused', async () => {
      const s = await openUserStream(streamOptions(name, 'tls-pw', { fingerprint }));
      assert.ok(s.jid.startsWith(`${name}@${DOMAIN}/`));
      await s.close();
      const wrong = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
      await assert.rejects(openUserStream(streamOptions(name, 'tls-pw', { fingerprint: wrong })), (err: Error) => /pinned by xmpp\.tls\.fingerprint/.test(err.message));
    });

    it('when no password is given, then X-OAUTH2 with an admin-issued token logs in (no longer disabled)', async () => {
      const backend = createEjabberdBackend({ kind: 'http-api', host: DOMAIN, httpApiUrl: apiUrl, xmlrpcUrl: apiUrl.replace(/\/api$/, '/xmlrpc'), timeoutMs: 5000 });
      const s = await openUserStream({ ...streamOptions(name, 'unused', { fingerprint }), password: undefined, issueToken: () => backend.issueToken(`${name}@${DOMAIN}`, 60), revokeToken: (t) => backend.revokeToken(t) });
      assert.ok(s.isOnline());
      await s.close();
    });
  });

  // Pending until the session pool hands config.xmpp.tls to its streams (session-pool.ts
  // SessionPoolOptions.tls → streamOptions, gateway.ts `tls: config.xmpp.tls`): all four pass
  // with that wiring (checked); without it every login fails with the untrusted-certificate error.
  describe('the gateway on it', () => {
    let alice: { name: string; auth: string; streamId: string; sse: SseClient };
    let bob: { name: string; streamId: string; sse: SseClient };
    after(() => {
      alice?.sse.close();
      bob?.sse.close();
    });

    it('when a user logs in with its password, then a stream id and an SSE stream', async () => {
      const name = unique('sa');
      await register(name, 'alice-pw');
      const auth = basic(name, 'alice-pw');
      const res = await request(url).post(`${API}/chat/${name}/login`).set('Authorization', auth).set('Content-Type', 'text/plain').send('alice-pw');
      assert.equal(res.status, 200, res.text);
      const sse = await openSse(`${url}/sse/${name}`, { authorization: auth });
      assert.equal(sse.status, 200, sse.body);
      alice = { name, auth, streamId: res.text, sse };
    });

    it('when the secret opens a stream without a password (X-OAUTH2), then a stream id; a hook event reports the session', async () => {
      const name = unique('sb');
      await register(name, 'bob-pw');
      const opened = new Promise<void>((resolve) => {
        const off = gateway!.hooks.subscribe('session_opened', (e) => {
          if (String((e as { jid?: string }).jid ?? '').startsWith(`${name}@`)) {
            off();
            resolve();
          }
        });
      });
      const res = await request(url).post(`${API}/chat/${name}/login`).set('Authorization', secret).send();
      assert.equal(res.status, 200, res.text);
      await Promise.race([opened, new Promise((_, reject) => setTimeout(() => reject(new Error('no session_opened hook event')), 10000).unref())]);
      // SSE takes only the user's own Basic credentials
      const sse = await openSse(`${url}/sse/${name}`, { authorization: basic(name, 'bob-pw') });
      assert.equal(sse.status, 200, sse.body);
      bob = { name, streamId: res.text, sse };
    });

    it('when each sends the other a message, then each gets it on its SSE stream', async () => {
      const there = `there ${unique('m')}`;
      const back = `back ${unique('m')}`;
      const send = (streamId: string, auth: string, to: string, body: string) =>
        request(url).post(`${API}/chat/${streamId}/messages/${to}@${DOMAIN}`).set('Authorization', auth).set('Content-Type', 'text/plain').send(body);
      assert.equal((await send(alice.streamId, alice.auth, bob.name, there)).status, 200);
      await bob.sse.waitFor((m) => m.event === 'chatapi.chat' && payloadOf<{ body?: string }>(m).body === there, 10000, 'alice → bob');
      assert.equal((await send(bob.streamId, secret, alice.name, back)).status, 200);
      await alice.sse.waitFor((m) => m.event === 'chatapi.chat' && payloadOf<{ body?: string }>(m).body === back, 10000, 'bob → alice');
    });

    it('when 25 wrong passwords are tried for one user, then ofgate holds that account back (429) without asking ejabberd, and another user still logs in (mod_fail2ban never bans ofgate\'s address)', async () => {
      const victim = unique('sv');
      const other = unique('so');
      await register(victim, 'victim-pw');
      await register(other, 'other-pw');
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await request(url).get(`${API}/system/properties`).set('X-Forwarded-For', '203.0.113.7').set('Authorization', basic(victim, `guess-${i}`));
        statuses.push(res.status);
      }
      assert.ok(statuses.slice(0, 5).every((s) => s === 401), statuses.join());
      assert.ok(statuses.slice(-5).every((s) => s === 429), statuses.join());
      const login = await request(url).post(`${API}/chat/${other}/login`).set('X-Forwarded-For', '198.51.100.9').set('Authorization', basic(other, 'other-pw')).set('Content-Type', 'text/plain').send('other-pw');
      // a real SASL login from 127.0.0.1: ejabberd's mod_fail2ban has not banned ofgate's address
      assert.equal(login.status, 200, login.text);
    });

    it('when alice asks for her history with bob, then both messages come from mod_mam', async () => {
      const res = await request(url).get(`${API}/chat/${alice.name}/messages`).query({ to: `${bob.name}@${DOMAIN}` }).set('Authorization', alice.auth).set('Accept', 'application/json');
      assert.equal(res.status, 200, res.text);
      const text = JSON.stringify(res.body);
      assert.match(text, /there /);
      assert.match(text, /back /);
    });
  });

  describe('--undo', () => {
    it('when undone, then the file is the copy as it was, byte for byte, and setup\'s files are gone', async () => {
      await ej?.stop();
      ej = undefined;
      const out = (await setupCli(['--ejabberd-config', copy.configFile, '--undo'])).stdout;
      assert.match(out, /restored to its original/);
      assert.deepEqual(readFileSync(copy.configFile), copy.original);
      await assert.rejects(setupCli(['--ejabberd-config', copy.configFile, '--undo']), (err: { stdout?: string }) => /no .*ofgate-backup/.test(err.stdout ?? ''));
    });
  });
});
