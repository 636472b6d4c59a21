/**
 * Non-ASCII user names and passwords (e2e, real ejabberd): xmpp.js base64-encodes SASL responses
 * with btoa, which refused anything past U+00FF, so a password with `ä` passed ofgate's Basic check
 * (ejabberd's check_password) and then failed the stream login with "Invalid character".
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import { API } from '../kit/chat-kit.js';
import { openSse } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

describe('e2e: non-ASCII credentials', function () {
  this.timeout(30_000);

  it('when a user name and password hold non-ASCII characters, then the password login, SSE and a password-less login all work', async () => {
    const w = await getWorld();
    const name = `zoë-${unique('ü')}`;
    const password = 'pässwörd ✓ 密码';
    await registerUser(w.ej.apiUrl, w.domain, name, password);
    const auth = `Basic ${Buffer.from(`${name}:${password}`, 'utf8').toString('base64')}`;
    const login = await request(w.url).post(`${API}/chat/${encodeURIComponent(name)}/login`).set('Authorization', auth).set('Content-Type', 'text/plain; charset=utf-8').send(password);
    assert.equal(login.status, 200, login.text);
    const sse = await openSse(`${w.url}/sse/${encodeURIComponent(name)}`, { authorization: auth });
    try {
      assert.equal(sse.status, 200, sse.body);
    } finally {
      sse.close();
    }
    assert.equal((await request(w.url).post(`${API}/chat/${login.text}/logoff`).set('Authorization', auth)).status, 200);
    // an admin's password-less login (X-OAUTH2) carries the name the same way
    const tokenLogin = await request(w.url).post(`${API}/chat/${encodeURIComponent(name)}/login`).set('Authorization', w.secret).send();
    assert.equal(tokenLogin.status, 200, tokenLogin.text);
    assert.equal((await request(w.url).post(`${API}/chat/${tokenLogin.text}/logoff`).set('Authorization', w.secret)).status, 200);
  });
});
