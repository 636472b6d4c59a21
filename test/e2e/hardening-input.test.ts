/**
 * Issue #19 items 1, 2 and 8 through HTTP against the shared world's ejabberd: what a user
 * sends is bounded and checked before it leaves ofgate, and bodies are bounded before parsing.
 * - Raw stanzas (POST chat/{streamid}/xmpp): nesting past the depth limit is a 400 and never
 *   reaches ejabberd (no stanza deeper than the limit is ever sent here: ejabberd crashes on
 *   ~3,300 levels, for every test); a 1 MB body is a 413, answered at once; `from` is forced.
 * - Messages over ejabberd's stanza limit are a 413 before sending (the stream stays); one
 *   within it is delivered.
 * - Entity bodies nested 100,000 deep (JSON or XML) are a 400 in the API's format, not a 500;
 *   an XML body is parsed only after authentication (no credentials: 401, whatever the XML).
 * - POST /hooks/events answers 401 (wrong secret) or 413 (Content-Length over the limit) on
 *   the headers alone, before a byte of the body is sent.
 * After each group the streams still carry messages.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, waitEvent, type ChatCast } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';

/** The answer's status to a POST whose headers alone are sent (the body never is), within `timeoutMs`. */
function statusForHeadersOnly(url: string, path: string, headers: Record<string, string>, timeoutMs: number): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.flushHeaders();
  });
}

describe('hardening: stanzas and request bodies (e2e)', () => {
  let w: Stack;
  let cast: ChatCast;
  const api = () => request(w.url);
  const json = (req: request.Test) => req.set('Accept', 'application/json');

  /** Alice's stream still carries a message to Bob, who gets it on his SSE stream. */
  async function streamsStillWork(): Promise<void> {
    const { alice, bob } = cast;
    const text = unique('alive');
    const res = await api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(text);
    assert.equal(res.status, 200, res.text);
    await waitEvent<{ body?: string }>(bob, 'chatapi.chat', (p) => p.body === text, 'a message after the refusals');
  }

  before(async () => {
    w = await getWorld();
    cast = await chatCast(w, 'hin');
  });
  after(async () => cast?.close());

  describe('raw stanzas (POST chat/{streamid}/xmpp)', () => {
    const postRaw = (text: string) => json(api().post(`${API}/chat/${cast.alice.streamId}/xmpp`).set('Authorization', cast.alice.auth).set('Content-Type', 'application/xml')).send(text);

    it('when a stanza nests 33 or 3,300 levels deep, then 400 in the API\'s format and the stream stays', async () => {
      for (const levels of [33, 3300]) {
        const text = `<message to="${cast.bob.jid}" type="chat"><body>deep</body>${'<x>'.repeat(levels - 1)}${'</x>'.repeat(levels - 1)}</message>`;
        const res = await postRaw(text);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.exception, 'IllegalArgumentException');
        assert.match(String(res.body.message), /nested more than 32 levels/);
      }
      await streamsStillWork();
    });

    it('when 1 MB of text without a tag is posted, then 413 at once and the stream stays', async () => {
      const started = Date.now();
      const res = await postRaw('x'.repeat(1_000_000));
      assert.equal(res.status, 413, res.text);
      assert.equal(res.body.exception, 'IllegalArgumentException');
      assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
      await streamsStillWork();
    });

    it('when a stanza within the limits names its sender or none, then it goes out from the user\'s stream', async () => {
      const text = unique('raw');
      const res = await postRaw(`<message to="${cast.bob.jid}" from="${cast.alice.jid}" type="chat"><body>${text}</body><x xmlns="urn:example"><y><z/></y></x></message>`);
      assert.equal(res.status, 200, res.text);
      const got = await waitEvent<{ body?: string; from?: string }>(cast.bob, 'chatapi.chat', (p) => p.body === text, 'the raw message');
      assert.match(String(got.from), new RegExp(`^${cast.alice.jid}`));
    });

    it('when a stanza hides a control character in a character reference, a comment or a PI, then 400', async () => {
      for (const text of [
        `<message to="${cast.bob.jid}"><body>a&#1;b</body></message>`,
        `<message to="${cast.bob.jid}"><!-- c --><body>x</body></message>`,
        `<?xml version="1.0"?><message to="${cast.bob.jid}"><body>x</body></message>`,
      ]) {
        const res = await postRaw(text);
        assert.equal(res.status, 400, `${text}: ${res.text}`);
      }
      await streamsStillWork();
    });
  });

  describe('chat messages and ejabberd\'s stanza limit', () => {
    it('when a message would be a stanza over the limit, then 413 before sending and the stream stays', async () => {
      const { alice, bob } = cast;
      const res = await json(api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain'))
        .send('x'.repeat(300_000));
      assert.equal(res.status, 413, res.text);
      assert.match(String(res.body.message), /at most 258048/);
      // a JSON message counts twice (its body and the whole JSON as the Jive `data` property)
      const twice = await json(api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain'))
        .send(JSON.stringify({ body: 'y'.repeat(140_000) }));
      assert.equal(twice.status, 413, twice.text);
      await streamsStillWork();
    });

    it('when a message of 200 KB is sent, then it is delivered', async () => {
      const { alice, bob } = cast;
      const text = `${unique('big')} ${'z'.repeat(200_000)}`;
      const res = await api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(text);
      assert.equal(res.status, 200, res.text);
      await waitEvent<{ body?: string }>(bob, 'chatapi.chat', (p) => p.body === text, 'the 200 KB message', 10_000);
    });

    it('when a chat message is JSON nested 100,000 deep, then 400, not 500', async () => {
      const { alice, bob } = cast;
      const deep = `{"body":${'['.repeat(100_000)}"\\n"${']'.repeat(100_000)}}`;
      const res = await json(api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain')).send(deep);
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.match(String(res.body.message), /nests more than 32 levels/);
      await streamsStillWork();
    });
  });

  describe('entity bodies', () => {
    it('when POST users carries JSON or XML nested 100,000 deep, then 400 in the API\'s format', async () => {
      const deepJson = `{"username":"${unique('hdj')}","password":"pw","properties":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const jsonRes = await json(api().post(`${API}/users`).set('Authorization', w.secret).set('Content-Type', 'application/json')).send(deepJson);
      assert.equal(jsonRes.status, 400, jsonRes.text.slice(0, 300));
      assert.equal(jsonRes.body.exception, 'IllegalArgumentException');
      assert.match(String(jsonRes.body.message), /nests more than 32 levels/);

      const deepXml = `<user><username>${unique('hdx')}</username><password>pw</password><properties>${'<p>'.repeat(100_000)}${'</p>'.repeat(100_000)}</properties></user>`;
      const xmlRes = await json(api().post(`${API}/users`).set('Authorization', w.secret).set('Content-Type', 'application/xml')).send(deepXml);
      assert.equal(xmlRes.status, 400, xmlRes.text.slice(0, 300));
      assert.match(String(xmlRes.body.message), /nests more than 32 levels/);
    });

    it('when an XML body comes without credentials, then 401 whatever it holds (it is not parsed)', async () => {
      for (const body of ['<user><username>x</user>', `<user>${'<p>'.repeat(50_000)}</user>`]) {
        const res = await json(api().post(`${API}/users`).set('Content-Type', 'application/xml')).send(body);
        assert.equal(res.status, 401, res.text.slice(0, 300));
      }
    });

    it('when an XML body names an element constructor or __proto__, then 400 naming it; an ordinary XML body still creates the user', async () => {
      const res = await json(api().post(`${API}/users`).set('Authorization', w.secret).set('Content-Type', 'application/xml'))
        .send(`<user><username>${unique('hdc')}</username><password>pw</password><constructor>x</constructor></user>`);
      assert.equal(res.status, 400, res.text);
      assert.match(String(res.body.message), /reserved name/);
      const name = unique('hdo');
      const ok = await api().post(`${API}/users`).set('Authorization', w.secret).set('Content-Type', 'application/xml')
        .send(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- made by a test --><user><username>${name}</username><password>pw</password><properties><property key="a" value="b"/></properties></user>`);
      assert.equal(ok.status, 201, ok.text);
      const read = await json(api().get(`${API}/users/${name}`).set('Authorization', w.secret));
      assert.equal(read.status, 200, read.text);
      assert.equal(read.body.username, name);
    });
  });

  describe('names and keys', () => {
    const admin = (req: request.Test) => json(req.set('Authorization', w.secret).set('Content-Type', 'application/json'));

    it('when a user or group name is longer than ejabberd and Openfire take, then 400; at the bound it works and can be deleted', async () => {
      const longUser = await admin(api().post(`${API}/users`)).send(JSON.stringify({ username: `u${'x'.repeat(2000)}`, password: 'pw' }));
      assert.equal(longUser.status, 400, longUser.text.slice(0, 300));
      const longGroup = await admin(api().post(`${API}/groups`)).send(JSON.stringify({ name: `g${'x'.repeat(20_000)}`, description: 'd' }));
      assert.equal(longGroup.status, 400, longGroup.text.slice(0, 300));
      assert.equal(longGroup.body.exception, 'IllegalArgumentException');
      const atBound = `${unique('g')}${'é'.repeat(200)}`.slice(0, 255);
      assert.equal((await admin(api().post(`${API}/groups`)).send(JSON.stringify({ name: atBound, description: 'd' }))).status, 201);
      assert.equal((await admin(api().delete(`${API}/groups/${encodeURIComponent(atBound)}`))).status, 200);
    });

    it('when properties and a group are named __proto__, constructor or prototype, then they are kept and read back as given', async () => {
      const name = unique('hpk');
      const props = [{ '@key': '__proto__', '@value': 'p' }, { '@key': 'constructor', '@value': 'c' }, { '@key': 'prototype', '@value': 'q' }];
      assert.equal((await admin(api().post(`${API}/users`)).send(JSON.stringify({ username: name, password: 'pw', properties: { property: props } }))).status, 201);
      const read = await admin(api().get(`${API}/users/${name}`));
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body.properties.property, props);

      const { alice } = cast;
      for (const key of ['__proto__', 'constructor']) {
        const set = await api().post(`${API}/chat/${alice.streamId}/users/${key}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(`v-${key}`);
        assert.equal(set.status, 200, set.text);
      }
      const mine = await json(api().get(`${API}/chat/users?search=${alice.name}`).set('Authorization', alice.auth));
      assert.equal(mine.status, 200, mine.text);
      assert.match(JSON.stringify(mine.body), /v-__proto__/);
      assert.match(JSON.stringify(mine.body), /v-constructor/);

      for (const group of ['constructor', '__proto__', 'prototype']) {
        await admin(api().delete(`${API}/groups/${group}`)); // left by an earlier run of this file on a kept ejabberd
        const made = await admin(api().post(`${API}/groups`)).send(JSON.stringify({ name: group, description: group, members: { member: [name] } }));
        assert.equal(made.status, 201, made.text);
        const got = await admin(api().get(`${API}/groups/${group}`));
        assert.equal(got.status, 200, got.text);
        assert.equal(got.body.name, group);
        assert.equal((await admin(api().delete(`${API}/groups/${group}`))).status, 200);
      }
    });
  });

  describe('hook intake (POST /hooks/events)', () => {
    it('when the secret is wrong, then 401 on the headers alone (a 15 MB body announced, never sent)', async () => {
      const status = await statusForHeadersOnly(w.url, '/hooks/events', {
        'content-type': 'application/json', 'content-length': String(15 * 1024 * 1024), 'x-ofgate-secret': 'wrong', 'x-ofgate-signature': 'sha256=00',
      }, 3000);
      assert.equal(status, 401);
    });

    it('when the secret is right but Content-Length is over the limit, then 413 on the headers alone', async () => {
      const status = await statusForHeadersOnly(w.url, '/hooks/events', {
        'content-type': 'application/json', 'content-length': String(30 * 1024 * 1024), 'x-ofgate-secret': w.hookSecret, 'x-ofgate-signature': 'sha256=00',
      }, 3000);
      assert.equal(status, 413);
    });
  });
});
