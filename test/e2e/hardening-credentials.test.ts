/**
 * Issue #19, accounts and credentials, end to end against the real ejabberd:
 * - item 5: a locked account is refused at once everywhere (REST Basic, SSE, stream login: 403,
 *   never 503), even while its credential is cached; a password change or a deletion drops the
 *   cached credential at once (an account deleted and made again is not usable by its old owner);
 * - item 6: a wrong password checked by ofgate never reaches ejabberd's log;
 * - item 7: failed logins are throttled per client address and per account with exponential
 *   back-off (429 + Retry-After), a correct password included while throttled, on REST Basic and
 *   on the chat login route, and each failure is logged without its password. These run on a
 *   stack of their own (trustProxy on, so each case has its own client address through
 *   X-Forwarded-For, and the shared world's address is never throttled).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import { startStack, type Stack } from '../harness/start-stack.js';
import type { Logger } from '../../gateway/log/index.js';
import { basic } from '../kit/http-auth.js';
import { eventually } from '../kit/eventually.js';
import { openSse } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const API = '/restapi/v1';

describe('hardening: accounts and credentials (e2e)', function () {
  this.timeout(60_000);

  describe('on the shared world', () => {
    let w: Stack;
    const api = () => request(w.url);
    const asSecret = (req: request.Test) => req.set('Authorization', w.secret).set('Accept', 'application/json');
    /** A user-only route that reads little: the directory filtered to one name. */
    const directory = (name: string, auth: string) => api().get(`${API}/chat/users`).query({ search: name }).set('Authorization', auth).set('Accept', 'application/json');
    const newUser = async (prefix: string, password: string): Promise<string> => {
      const name = unique(prefix);
      await registerUser(w.ej.apiUrl, w.domain, name, password);
      return name;
    };

    before(async () => {
      w = await getWorld();
    });

    it('when a user with a cached credential is locked, then REST, SSE and the stream login answer 403 at once; unlocked, 200 again', async function () {
      if (!w.shimLoaded) this.skip(); // lockouts are mod_ofgate's
      const pw = 'lock pw';
      const u = await newUser('hcl', pw);
      const auth = basic(u, pw);
      assert.equal((await directory(u, auth)).status, 200, 'primes the credential cache');
      await asSecret(api().post(`${API}/lockouts/${u}`)).expect(201);

      const rest = await directory(u, auth);
      assert.equal(rest.status, 403, rest.text);
      assert.match(rest.body.message as string, /locked/i);
      const sse = await openSse(`${w.url}/sse/${u}`, { authorization: auth });
      sse.close();
      assert.equal(sse.status, 403, sse.body);
      const login = await api().post(`${API}/chat/${u}/login`).set('Authorization', auth).set('Content-Type', 'text/plain').send(pw);
      assert.equal(login.status, 403, login.text);
      const bySecret = await api().post(`${API}/chat/${u}/login`).set('Authorization', w.secret);
      assert.equal(bySecret.status, 403, `a password-less login of a locked user: ${bySecret.text}`);

      await asSecret(api().delete(`${API}/lockouts/${u}`)).expect(200);
      assert.equal((await directory(u, auth)).status, 200);
    });

    it('when a locked user has no cached credential, then its correct password gets 403 and a wrong one 401', async function () {
      if (!w.shimLoaded) this.skip();
      const u = await newUser('hcm', 'pw1');
      await asSecret(api().post(`${API}/lockouts/${u}`)).expect(201);
      assert.equal((await directory(u, basic(u, 'pw1'))).status, 403);
      assert.equal((await directory(u, basic(u, 'not it'))).status, 401);
    });

    it('when the password is changed, then the old cached credential is refused at once and the new one works', async () => {
      const u = await newUser('hcp', 'old pw');
      assert.equal((await directory(u, basic(u, 'old pw'))).status, 200);
      await asSecret(api().put(`${API}/users/${u}`)).send({ password: 'new pw' }).expect(200);
      assert.equal((await directory(u, basic(u, 'old pw'))).status, 401);
      assert.equal((await directory(u, basic(u, 'new pw'))).status, 200);
    });

    it('when an account is deleted and made again under its name, then the old owner\'s cached credential is refused at once', async () => {
      const u = await newUser('hcd', 'first owner');
      const old = basic(u, 'first owner');
      assert.equal((await directory(u, old)).status, 200);
      await asSecret(api().delete(`${API}/users/${u}`)).expect(200);
      assert.equal((await directory(u, old)).status, 401, 'deleted');
      await asSecret(api().post(`${API}/users`)).send({ username: u, password: 'second owner' }).expect(201);
      assert.equal((await directory(u, old)).status, 401, 'made again with another password');
      assert.equal((await directory(u, basic(u, 'second owner'))).status, 200);
    });

    it('when a wrong password is tried, then ejabberd\'s log never holds it (nor a registered password)', async () => {
      const registered = `reg-${unique('secret')}`;
      const u = await newUser('hcg', registered);
      const guess = `guess-${unique('secret')}`;
      assert.equal((await directory(u, basic(u, guess))).status, 401);
      // the check reached ejabberd: wait for its API log line about this user, then look
      await eventually(() => w.ej.log().split('\n').some((l) => l.includes('check_password') && l.includes(u)), 'the check_password line of ejabberd\'s log');
      const log = w.ej.log();
      assert.ok(!log.includes(guess), 'the wrong password is in ejabberd\'s log');
      assert.ok(!log.includes(registered), 'the registered password is in ejabberd\'s log');
    });
  });

  describe('failed logins throttled (own stack)', () => {
    let s: Stack;
    const warnings: Array<{ msg: string; fields: Record<string, unknown> }> = [];
    const quiet = () => undefined;
    const log: Logger = { debug: quiet, info: quiet, error: quiet, warn: (msg, fields = {}) => void warnings.push({ msg, fields }) };
    let ip = 0;
    /** A client address of its own for each case (trustProxy is on). */
    const address = () => `10.9.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;
    const directory = (from: string, name: string, password: string) =>
      request(s.url).get(`${API}/chat/users`).query({ search: name }).set('X-Forwarded-For', from).set('Authorization', basic(name, password)).set('Accept', 'application/json');
    const newUser = async (prefix: string, password: string): Promise<string> => {
      const name = unique(prefix);
      await registerUser(s.ej.apiUrl, s.domain, name, password);
      return name;
    };

    before(async function () {
      this.timeout(120_000);
      s = await startStack({
        log,
        overrides: {
          'server.trustProxy': true,
          'auth.loginThrottle.addressFailures': 4,
          'auth.loginThrottle.accountFailures': 3,
          'auth.loginThrottle.firstDelaySeconds': 30,
          'auth.loginThrottle.maxDelaySeconds': 600,
        },
      });
    });
    after(async () => {
      await s?.stop();
    });

    it('when one address fails too often, then it gets 429 with Retry-After, a correct password included; another address is not held', async () => {
      const from = address();
      const users = await Promise.all([1, 2, 3, 4, 5].map(() => newUser('hta', 'right')));
      for (const u of users.slice(0, 4)) assert.equal((await directory(from, u, 'wrong')).status, 401);
      const held = await directory(from, users[4] as string, 'right');
      assert.equal(held.status, 429, held.text);
      assert.ok(Number(held.headers['retry-after']) >= 1, `Retry-After: ${held.headers['retry-after']}`);
      assert.equal(held.body.exception, 'ServiceUnavailableException');
      assert.equal((await directory(address(), users[4] as string, 'right')).status, 200, 'another address');
    });

    it('when one account fails too often from many addresses, then it gets 429 from any address, a correct password included; another account is not held', async () => {
      const [victim, bystander] = [await newUser('htv', 'right'), await newUser('htb', 'right')];
      for (let i = 0; i < 3; i++) assert.equal((await directory(address(), victim, 'wrong')).status, 401);
      const held = await directory(address(), victim, 'right');
      assert.equal(held.status, 429, held.text);
      assert.ok(Number(held.headers['retry-after']) >= 1);
      assert.equal((await directory(address(), bystander, 'right')).status, 200);
    });

    it('when a held account tries again, then the attempt is not counted and its wait does not grow', async () => {
      const u = await newUser('htx', 'right');
      for (let i = 0; i < 3; i++) await directory(address(), u, 'wrong');
      const first = Number((await directory(address(), u, 'wrong')).headers['retry-after']);
      assert.ok(first > 0 && first <= 30, `first wait ${first}`);
      // the doubling after a wait is over is unit-tested on a fake clock (test/unit/auth/)
      const again = Number((await directory(address(), u, 'wrong')).headers['retry-after']);
      assert.ok(again <= first, 'an attempt refused while held does not lengthen the wait');
    });

    it('when the chat login route gets wrong passwords in its body, then they count and the route answers 429 while held', async () => {
      const u = await newUser('htl', 'right');
      const from = address();
      const login = (password: string) => request(s.url).post(`${API}/chat/${u}/login`).set('X-Forwarded-For', from).set('Authorization', s.secret).set('Content-Type', 'text/plain').send(password);
      for (let i = 0; i < 3; i++) {
        const res = await login('wrong');
        assert.equal(res.status, 401, res.text);
      }
      const held = await login('right');
      assert.equal(held.status, 429, held.text);
      assert.ok(Number(held.headers['retry-after']) >= 1);
    });

    it('when logins fail, then each is logged with the user and the address, never the password', async () => {
      const u = await newUser('htw', 'right');
      const from = address();
      const secretGuess = unique('guess');
      await directory(from, u, secretGuess);
      const line = warnings.find((w) => w.fields.user === u);
      assert.ok(line, 'a warning names the user');
      assert.equal(line.fields.address, from);
      assert.ok(!JSON.stringify(warnings).includes(secretGuess), 'the password is not logged');
    });

    it('when a user is throttled, then ejabberd is not asked to check its password', async () => {
      const u = await newUser('htz', 'right');
      const checksOf = () => s.ej.log().split('\n').filter((l) => l.includes('check_password') && l.includes(u)).length;
      for (let i = 0; i < 3; i++) await directory(address(), u, 'wrong');
      await eventually(() => checksOf() === 3, 'the three checks in ejabberd\'s log');
      assert.equal((await directory(address(), u, 'right')).status, 429);
      // a later call's log line: ejabberd has logged everything asked before it
      await ejabberdApi(s.ej.apiUrl, 'check_account', { user: u, host: s.domain });
      await eventually(() => s.ej.log().split('\n').some((l) => l.includes('check_account') && l.includes(u)), 'the check_account line');
      assert.equal(checksOf(), 3);
    });
  });
});
