/**
 * Fastpath's visitor side end to end on the real ejabberd (shared world): visitor tokens (own
 * stream and routes only, forged ones refused, no other route opened, no use after the request
 * ended), public workgroups (asks without credentials, the per-address rate limit, untrusted
 * priority ignored), host-site identities, the refusals of POST ask and of offers in both error
 * dialects, hostile input (size limits, control characters, XML bodies, odd characters end to
 * end, stanza injection), and a visitor cancelling at each stage.
 *
 * Rules kept: each test makes its own workgroup, agents and visitors; asks without credentials
 * come from a loopback address of their own (the rate limit counts per address); events are
 * awaited, never slept for. The shared world runs with the default grace period (120 s), so the
 * removal of a visitor's account after it is not tested here, only that it exists meanwhile.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import type { Agent as HttpAgent } from 'node:http';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import {
  accountExists, agentOffer, ask, askBody, askRaw, assertErrorBody, cancelAsk, goAvailable, loopbackClient, meetInRoom,
  visitorAuth, visitorEvent, workgroup, workgroupDetail, MODERN, type Visitor,
} from '../kit/fastpath-kit.js';
import { openSse, type SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi } from '../kit/xmpp-test-client.js';

const enc = encodeURIComponent;
type Method = 'get' | 'post' | 'put' | 'delete';

describe('Fastpath visitors: tokens, public asks, identity, refusals, hostile input, cancel (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  const streams: SseClient[] = [];
  const userIds: string[] = [];
  const clients: HttpAgent[] = [];

  /** A visitor asked through the kit (secret), cancelled after the file. */
  const visitor = async (wg: string, extra: Record<string, unknown> = {}): Promise<Visitor> => {
    const v = await ask(w, wg, extra);
    streams.push(v.sse);
    userIds.push(v.userId);
    return v;
  };
  const agent = async (prefix: string): Promise<ChatUser> => {
    const a = await chatUser(w, prefix);
    streams.push(a.sse);
    return a;
  };
  /** An agent alone in a new workgroup, available there. */
  const agentAvailable = async (prefix: string): Promise<{ a: ChatUser; wg: string }> => {
    const a = await agent(prefix);
    const wg = await workgroup(w, [a.name]);
    await goAvailable(w, a, wg);
    return { a, wg };
  };
  const address = (): HttpAgent => {
    const c = loopbackClient();
    clients.push(c);
    return c;
  };
  /** An ask answered 200 (the raw answer), remembered for clean-up. */
  const asked = (res: request.Response): request.Response => {
    assert.equal(res.status, 200, res.text);
    userIds.push(res.body.userID as string);
    return res;
  };
  /** A call on ask/{userId} with a token (Bearer, or ?token= when `query`), or any Authorization. */
  const visitorCall = (method: Method, userId: string, auth: { bearer?: string; query?: string; header?: string } = {}, base = MODERN): request.Test => {
    const q = auth.query !== undefined ? `?token=${enc(auth.query)}` : '';
    let r = request(w.url)[method](`${base}/ask/${enc(userId)}${q}`).set('Accept', 'application/json');
    if (auth.bearer !== undefined) r = r.set('Authorization', `Bearer ${auth.bearer}`);
    if (auth.header !== undefined) r = r.set('Authorization', auth.header);
    if (method === 'put') r = r.set('Content-Type', 'text/plain').send('hello');
    return r;
  };
  const sseOf = async (userId: string, auth: { bearer?: string; query?: string }): Promise<SseClient> => {
    const q = auth.query !== undefined ? `?token=${enc(auth.query)}` : '';
    const s = await openSse(`${w.url}/sse/${enc(userId)}${q}`, auth.bearer !== undefined ? { authorization: `Bearer ${auth.bearer}` } : {});
    streams.push(s);
    return s;
  };
  const statusOf = async (v: Visitor): Promise<Record<string, unknown>> => {
    const res = await visitorCall('get', v.userId, { bearer: v.token });
    assert.equal(res.status, 200, res.text);
    return res.body as Record<string, unknown>;
  };

  before(async () => {
    w = await getWorld();
  });
  after(async () => {
    for (const s of streams) s.close();
    for (const c of clients) c.destroy();
    await Promise.all(userIds.map((id) => cancelAsk(w, id).catch(() => undefined)));
  });

  describe('visitor tokens', () => {
    it('when a visitor follows its own stream with its token (Bearer or ?token=), then both streams get its queue updates', async () => {
      const wg = await workgroup(w, []);
      const ahead = await visitor(wg);
      const v = await visitor(wg);
      assert.equal(v.position, 2);
      const byQuery = await sseOf(v.userId, { query: v.token });
      assert.equal(byQuery.status, 200, byQuery.body);
      await visitorCall('delete', ahead.userId, { bearer: ahead.token }).expect(200);
      for (const s of [v.sse, byQuery]) {
        await s.waitFor((e) => e.event === 'chatapi.ask' && payloadOf(e).type === 'update-queue' && payloadOf(e).position === '1', 8000, 'update-queue to 1');
      }
      assert.ok(!v.sse.events.some((e) => payloadOf(e).type === 'depart-queue'), 'the other visitor\'s departure is not on this stream');
      await visitorEvent(ahead, 'depart-queue');
    });

    it('when a visitor\'s token is used on another visitor\'s stream or ask routes, then 403 and the other request is untouched', async () => {
      const wg = await workgroup(w, []);
      const a = await visitor(wg);
      const b = await visitor(wg);
      for (const auth of [{ bearer: a.token }, { query: a.token }]) {
        const s = await sseOf(b.userId, auth);
        assert.equal(s.status, 403, `${JSON.stringify(auth)}: ${s.body}`);
        for (const method of ['get', 'post', 'put', 'delete'] as const) {
          const res = await visitorCall(method, b.userId, auth);
          assertErrorBody(res, 403, 'modern', b.userId);
        }
      }
      assertErrorBody(await visitorCall('delete', b.userId, { bearer: a.token }, API), 403, 'ofchat', b.userId);
      const st = await statusOf(b);
      assert.equal(st.stage, 'queued');
      assert.equal(st.position, 2);
      assert.equal((await statusOf(a)).position, 1);
    });

    it('when a token is forged or garbled, then the stream and the ask routes answer 401', async () => {
      const wg = await workgroup(w, []);
      const v = await visitor(wg);
      const other = await visitor(wg);
      const [id, sig] = v.token.split('.') as [string, string];
      const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      const forged = [
        `${id}.${flipped}`,
        `${id}.${other.token.split('.')[1]}`,
        `${id}.${randomBytes(32).toString('base64url')}`,
        `${unique('r')}.${sig}`,
        id,
        `${v.token}x`,
        'garbage',
        '....',
        'a'.repeat(300),
        `${id}.${sig}`.toUpperCase(),
      ];
      for (const token of forged) {
        for (const auth of [{ bearer: token }, { query: token }]) {
          const s = await sseOf(v.userId, auth);
          assert.equal(s.status, 401, `stream with ${token}: ${s.body}`);
          assertErrorBody(await visitorCall('get', v.userId, auth), 401, 'modern');
          assertErrorBody(await visitorCall('delete', v.userId, auth), 401, 'modern');
        }
      }
      assertErrorBody(await visitorCall('get', v.userId, { bearer: forged[0] }, API), 401, 'ofchat');
      assert.equal((await statusOf(v)).stage, 'queued');
    });

    it('when a visitor token is sent to any other route, then 401', async () => {
      const a = await agent('fvtok');
      const wg = await workgroup(w, [a.name]);
      const v = await visitor(wg);
      const bearer = visitorAuth(v);
      const calls: Array<[Method, string]> = [
        ['get', `${API}/users`],
        ['get', `${MODERN}/users`],
        ['get', `${MODERN}/users/${a.name}`],
        ['get', `${MODERN}/sessions`],
        ['get', `${MODERN}/chatrooms`],
        ['get', `${MODERN}/ask/admin`],
        ['get', `${MODERN}/ask/admin/${wg}`],
        ['put', `${MODERN}/ask/admin/${wg}`],
        ['get', `${API}/chat/${a.streamId}/assists`],
        ['post', `${API}/chat/${a.streamId}/assists/${wg}`],
        ['post', `${API}/chat/${a.streamId}/offer/${v.requestId}`],
        ['put', `${API}/chat/assists/${wg}/${v.requestId}`],
        ['post', `${API}/chat/${a.name}/login`],
        ['get', `${API}/chat/${a.streamId}/contacts`],
        ['put', `${API}/chat/${a.streamId}/rooms/${v.requestId}`],
        ['post', `${API}/chat/${a.streamId}/messages/${a.jid}`],
      ];
      for (const [method, path] of calls) {
        const res = await request(w.url)[method](path).set('Authorization', bearer).set('Accept', 'application/json');
        assert.equal(res.status, 401, `${method} ${path}: ${res.status} ${res.text}`);
      }
      const s = await openSse(`${w.url}/sse/${a.name}`, { authorization: bearer });
      streams.push(s);
      assert.equal(s.status, 403, `an agent's stream with a visitor token (a userID that is not the token's): ${s.body}`);
      assertErrorBody(await askRaw(w, askBody(wg), { auth: bearer }), 401, 'modern');
      assert.equal((await workgroupDetail(w, wg)).queueLength, 1);
    });

    it('when the visitor cancelled, then its token lapses, and after it asks again under the same userID the first token opens none of the new request\'s routes', async () => {
      const wg = await workgroup(w, []);
      const first = await visitor(wg);
      await visitorCall('delete', first.userId, { bearer: first.token }).expect(200);
      await visitorEvent(first, 'depart-queue');
      assertErrorBody(await visitorCall('get', first.userId, { bearer: first.token }), 401, 'modern');
      const again = await visitor(wg, { userID: first.userId });
      assert.notEqual(again.requestId, first.requestId);
      for (const method of ['get', 'put', 'post', 'delete'] as const) {
        const res = await visitorCall(method, first.userId, { bearer: first.token });
        assert.equal(res.status, 401, `${method} with the old token: ${res.status} ${res.text}`);
      }
      const s = await sseOf(first.userId, { bearer: first.token });
      assert.equal(s.status, 401, `the stream with the old token: ${s.status}`);
      const st = await statusOf(again);
      assert.equal(st.stage, 'queued');
      assert.equal(st.requestId, again.requestId);
    });
  });

  describe('public workgroups', () => {
    it('when a workgroup that is not public is asked without credentials, then 401 in both dialects; once public, the same ask is queued with a working token', async () => {
      const from = address();
      const wg = await workgroup(w, []);
      assertErrorBody(await askRaw(w, askBody(wg), { from }), 401, 'modern', wg);
      assertErrorBody(await askRaw(w, askBody(wg), { from, base: API }), 401, 'ofchat', wg);
      assert.equal((await workgroupDetail(w, wg)).queueLength, 0);
      await request(w.url).put(`${MODERN}/ask/admin/${wg}`).set('Authorization', w.secret).set('Content-Type', 'application/json').send('{"public":true}').expect(200);
      const res = asked(await askRaw(w, askBody(wg), { from }));
      assert.equal(res.body.position, 1);
      assert.equal(res.headers['x-visitor-token'], res.body.token);
      const st = await visitorCall('get', res.body.userID as string, { bearer: res.body.token as string }).expect(200);
      assert.equal(st.body.stage, 'queued');
    });

    it('when one address asks a public workgroup more than publicAsksPerMinute times, then 429 with Retry-After in both dialects; another address and the secret still ask', async () => {
      const limit = w.config.fastpath.publicAsksPerMinute;
      const wg = await workgroup(w, [], { public: true });
      const from = address();
      // all at once: the limiter counts each before any account is made, well within one slot's refill
      const answers = await Promise.all(Array.from({ length: limit + 1 }, () => askRaw(w, askBody(wg), { from })));
      const ok = answers.filter((r) => r.status === 200);
      ok.forEach((r) => userIds.push(r.body.userID as string));
      const refused = answers.filter((r) => r.status !== 200);
      assert.equal(ok.length, limit, answers.map((r) => r.status).join(','));
      assert.equal(refused.length, 1);
      for (const [res, dialect] of [[refused[0]!, 'modern'], [await askRaw(w, askBody(wg), { from, base: API }), 'ofchat']] as const) {
        assertErrorBody(res, 429, dialect, wg);
        const retry = Number(res.headers['retry-after']);
        assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${res.headers['retry-after']}`);
      }
      asked(await askRaw(w, askBody(wg), { from: address() }));
      asked(await askRaw(w, askBody(wg), { from, auth: w.secret }));
      assert.equal((await workgroupDetail(w, wg)).queueLength, limit + 2);
    });

    it('when an untrusted caller sends a priority, then it is ignored; the secret\'s priority still puts its request first', async () => {
      const wg = await workgroup(w, [], { public: true });
      const first = await visitor(wg);
      const pushy = asked(await askRaw(w, askBody(wg, { priority: 100 }), { from: address() }));
      assert.equal(pushy.body.position, 2);
      const vip = asked(await askRaw(w, askBody(wg, { priority: 100 }), { auth: w.secret }));
      assert.equal(vip.body.position, 1);
      const st = await visitorCall('get', pushy.body.userID as string, { bearer: pushy.body.token as string }).expect(200);
      assert.equal(st.body.position, 3);
      assert.equal((await statusOf(first)).position, 2);
    });
  });

  describe('host-site identity', () => {
    it('when the workgroup has an identity secret, then GET shows identityConfigured and never the secret; a proven identity reaches the agent; a wrong or missing identityHash is 400', async () => {
      const a = await agent('fvid');
      const wg = await workgroup(w, [a.name], { public: true });
      assert.equal((await workgroupDetail(w, wg)).identityConfigured, false);
      const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
      await request(w.url).put(`${MODERN}/ask/admin/${wg}`).set('Authorization', w.secret).set('Content-Type', 'application/json').send(JSON.stringify({ identitySecret: secret })).expect(200);
      assert.equal((await workgroupDetail(w, wg)).identityConfigured, true);
      for (const [path, accept] of [[`${MODERN}/ask/admin/${wg}`, 'application/json'], [`${API}/ask/admin/${wg}`, 'application/json'], [`${API}/ask/admin/${wg}`, 'application/xml'], [`${MODERN}/ask/admin`, 'application/json']]) {
        const res = await request(w.url).get(path!).set('Authorization', w.secret).set('Accept', accept!).expect(200);
        assert.ok(!res.text.includes(secret) && !res.text.includes(secret.slice(7)), `${path} (${accept}) shows the secret`);
      }
      await goAvailable(w, a, wg);
      const from = address();
      const identity = 'Zoë O\'Brien <zoe@example.com> & "co"';
      const hmac = (text: string, key = secret) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

      const res = asked(await askRaw(w, askBody(wg, { identity, identityHash: hmac(identity) }), { from }));
      const offer = await agentOffer(a, 'offerReceived', res.body.requestId as string);
      assert.equal((offer.metaData as Record<string, string>).identity, identity);

      const refusals: Array<Record<string, unknown>> = [
        { identity, identityHash: hmac(`${identity} `) },
        { identity, identityHash: hmac(identity, `${secret}x`) },
        { identity, identityHash: hmac(identity).slice(0, 63) },
        { identity, identityHash: 'not hex at all' },
        { identity },
      ];
      for (const extra of refusals) {
        assertErrorBody(await askRaw(w, askBody(wg, extra), { from }), 400, 'modern', 'identityHash');
      }
      assertErrorBody(await askRaw(w, askBody(wg, { identity }), { from, base: API }), 400, 'ofchat', 'identityHash');
      assert.equal((await workgroupDetail(w, wg)).queueLength, 1);
    });
  });

  describe('refusals of POST ask and of offers', () => {
    it('when the workgroup is unknown, then 404 naming it in both dialects', async () => {
      const name = unique('nowg');
      assertErrorBody(await askRaw(w, askBody(name), { auth: w.secret }), 404, 'modern', name);
      assertErrorBody(await askRaw(w, askBody(name), { auth: w.secret, base: API }), 404, 'ofchat', name);
      const xml = await askRaw(w, askBody(name), { auth: w.secret, base: API, accept: 'application/xml' });
      assert.equal(xml.status, 404);
      assert.match(xml.text, new RegExp(`<error><ressource>${name}</ressource><message>[^<]+</message><exception>NotFoundException</exception></error>`));
    });

    it('when the workgroup is closed by hand, then 400 "Workgroup is offline"', async () => {
      const wg = await workgroup(w, [], { open: false });
      assertErrorBody(await askRaw(w, askBody(wg), { auth: w.secret }), 400, 'modern', wg, /^Workgroup is offline/);
      assertErrorBody(await askRaw(w, askBody(wg), { auth: w.secret, base: API }), 400, 'ofchat', wg, /^Workgroup is offline/);
    });

    it('when the workgroup is outside its business hours, then 400 "Workgroup is offline" with the next opening time', async () => {
      const opening = (now: Date): string => {
        const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 10, 0));
        return day.toISOString();
      };
      const before = new Date();
      const day = (before.getUTCDay() + 2) % 7;
      const wg = await workgroup(w, [], { businessHours: { timeZone: 'UTC', weekly: [{ day, from: '10:00', to: '11:00' }], holidays: [] } });
      const res = await askRaw(w, askBody(wg), { auth: w.secret });
      assertErrorBody(res, 400, 'modern', wg, /^Workgroup is offline/);
      const expected = new Set([opening(before), opening(new Date())]);
      assert.ok([...expected].some((t) => (res.body.message as string).includes(t)), `${res.body.message} names ${[...expected].join(' or ')}`);
      assert.equal((await workgroupDetail(w, wg)).open, false);
    });

    it('when a required field is missing or blank, then 400 names it (workgroup, userID, emailAddress, question)', async () => {
      const wg = await workgroup(w, []);
      for (const name of ['workgroup', 'userID', 'emailAddress', 'question']) {
        const missing = askBody(wg);
        delete missing[name];
        assertErrorBody(await askRaw(w, missing, { auth: w.secret }), 400, 'modern', name);
        assertErrorBody(await askRaw(w, askBody(wg, { [name]: '   ' }), { auth: w.secret, base: API }), 400, 'ofchat', name);
      }
      assertErrorBody(await askRaw(w, askBody(wg, { emailAddress: 'not an address' }), { auth: w.secret }), 400, 'modern', 'emailAddress');
      assert.equal((await workgroupDetail(w, wg)).queueLength, 0);
    });

    it('when the userID is already waiting, then 409 and the first request keeps its place', async () => {
      const wg = await workgroup(w, []);
      const v = await visitor(wg);
      assertErrorBody(await askRaw(w, askBody(wg, { userID: v.userId }), { auth: w.secret }), 409, 'modern', wg);
      assertErrorBody(await askRaw(w, askBody(wg, { userID: v.userId }), { auth: w.secret, base: API }), 409, 'ofchat', wg);
      const st = await statusOf(v);
      assert.equal(st.requestId, v.requestId);
      assert.equal(st.position, 1);
      assert.equal((await workgroupDetail(w, wg)).queueLength, 1);
    });

    it('when an agent accepts an offer made to another agent, then 403; an unknown offer 404; the offer after it was rejected 409', async () => {
      const [a, b] = await Promise.all([agent('fvoa'), agent('fvob')]);
      const wg = await workgroup(w, [a.name, b.name]);
      await goAvailable(w, a, wg);
      const v = await visitor(wg);
      await agentOffer(a, 'offerReceived', v.requestId);
      const json = (t: request.Test) => t.set('Accept', 'application/json');
      assertErrorBody(await json(request(w.url).post(`${API}/chat/${b.streamId}/offer/${v.requestId}`).set('Authorization', b.auth)), 403, 'ofchat', v.requestId);
      assertErrorBody(await json(request(w.url).put(`${MODERN}/chat/assists/${wg}/${v.requestId}`).set('Authorization', b.auth)), 403, 'modern', v.requestId);
      const unknown = `r${randomBytes(6).toString('hex')}`;
      assertErrorBody(await json(request(w.url).post(`${API}/chat/${a.streamId}/offer/${unknown}`).set('Authorization', a.auth)), 404, 'ofchat', unknown);
      assertErrorBody(await json(request(w.url).put(`${MODERN}/chat/assists/${wg}/${unknown}`).set('Authorization', a.auth)), 404, 'modern', unknown);
      await request(w.url).delete(`${API}/chat/${a.streamId}/offer/${v.requestId}`).set('Authorization', a.auth).expect(200);
      assertErrorBody(await json(request(w.url).post(`${API}/chat/${a.streamId}/offer/${v.requestId}`).set('Authorization', a.auth)), 409, 'ofchat', v.requestId);
      assertErrorBody(await json(request(w.url).put(`${MODERN}/chat/assists/${wg}/${v.requestId}`).set('Authorization', a.auth)), 409, 'modern', v.requestId);
      const st = await statusOf(v);
      assert.equal(st.stage, 'queued');
      assert.equal((await workgroupDetail(w, wg)).chatCount, 0);
    });

    it('when the queue is at maxQueueLength, then 503 with Retry-After in both dialects', async () => {
      const wg = await workgroup(w, [], { maxQueueLength: 1 });
      await visitor(wg);
      for (const [base, dialect] of [[MODERN, 'modern'], [API, 'ofchat']] as const) {
        const res = await askRaw(w, askBody(wg), { auth: w.secret, base });
        assertErrorBody(res, 503, dialect, wg);
        const retry = Number(res.headers['retry-after']);
        assert.ok(Number.isInteger(retry) && retry >= 1, `Retry-After ${res.headers['retry-after']}`);
      }
      assert.equal((await workgroupDetail(w, wg)).queueLength, 1);
    });
  });

  describe('hostile input', () => {
    it('when a body is over server.bodyLimitBytes, then 413 and nothing is queued', async () => {
      const limit = w.config.server.bodyLimitBytes;
      const wg = await workgroup(w, [], { public: true });
      const huge = askBody(wg, { question: 'x'.repeat(limit + 16) });
      assert.equal((await askRaw(w, huge, { auth: w.secret })).status, 413);
      assert.equal((await askRaw(w, huge, { from: address() })).status, 413);
      const xml = `<assist><workgroup>${wg}</workgroup><userID>${unique('x')}</userID><emailAddress>a@example.com</emailAddress><question>${'y'.repeat(limit + 16)}</question></assist>`;
      assert.equal((await askRaw(w, xml, { auth: w.secret, contentType: 'application/xml', base: API })).status, 413);
      assert.equal((await workgroupDetail(w, wg)).queueLength, 0);
    });

    it('when a field is over its limit or holds a control character, then 400 names it', async () => {
      const wg = await workgroup(w, []);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ question: 'q'.repeat(4001) }, 'question'],
        [{ userID: 'u'.repeat(129) }, 'userID'],
        [{ nickname: 'n'.repeat(257) }, 'nickname'],
        [{ emailAddress: `${'e'.repeat(250)}@example.com` }, 'emailAddress'],
        [{ question: 'help\u0001me' }, 'question'],
        [{ userID: 'bell\u0007' }, 'userID'],
        [{ nickname: 'nul\u0000' }, 'nickname'],
        [{ question: 'lone \ud800 surrogate' }, 'question'],
      ];
      for (const [extra, name] of cases) {
        assertErrorBody(await askRaw(w, askBody(wg, extra), { auth: w.secret }), 400, 'modern', name);
      }
      asked(await askRaw(w, askBody(wg, { question: 'q'.repeat(4000), nickname: 'tab\tand\nnewline' }), { auth: w.secret }));
      assert.equal((await workgroupDetail(w, wg)).queueLength, 1);
    });

    it('when the ask comes as XML (Content-Type application/xml), then it is queued, the agent sees its fields, and the XML answer carries a working token', async () => {
      const { a, wg } = await agentAvailable('fvxml');
      const userId = unique('xmlv');
      const body = `<assist><workgroup>${wg}</workgroup><userID>${userId}</userID><emailAddress>x@example.com</emailAddress>`
        + '<nickname>Zoë &amp; "Co"</nickname><question>Is &lt;b&gt;this&lt;/b&gt; &amp; that &apos;ok&apos;?</question></assist>';
      const res = await askRaw(w, body, { auth: w.secret, contentType: 'application/xml', accept: 'application/xml', base: API });
      assert.equal(res.status, 200, res.text);
      userIds.push(userId);
      assert.match(res.headers['content-type'] ?? '', /xml/);
      const token = /<token>([^<]+)<\/token>/.exec(res.text)?.[1];
      const requestId = /<requestId>([^<]+)<\/requestId>/.exec(res.text)?.[1];
      assert.ok(token && requestId, res.text);
      assert.match(res.text, /<position>1<\/position>/);
      const offer = await agentOffer(a, 'offerReceived', requestId);
      assert.deepEqual(offer.metaData, { username: userId, email: 'x@example.com', question: 'Is <b>this</b> & that \'ok\'?', nickname: 'Zoë & "Co"' });
      const st = await request(w.url).get(`${API}/ask/${userId}`).set('Authorization', `Bearer ${token}`).expect(200);
      assert.match(st.text, /<queuePosition>1<\/queuePosition>/);
      const bad = await askRaw(w, '<assist><workgroup>x</workgroup', { auth: w.secret, contentType: 'application/xml', base: API, accept: 'application/json' });
      assert.equal(bad.status, 400, bad.text);
    });

    it('when userID, nickname and question hold \' " < & / spaces and non-ASCII, then the agent gets them exactly and the visitor\'s routes and stream work with the URL-encoded userID', async () => {
      const { a, wg } = await agentAvailable('fvodd');
      const userID = `o'brien "q" <a&b>/c d ü漢 ${unique('')}`;
      const nickname = 'Zoë "Z" <&> O\'Neil / 漢字';
      const question = 'It\'s <b>broken</b> & "urgent" / ünïcödé 漢字 ✓ ]]> <!--';
      const v = await visitor(wg, { userID, nickname, question });
      const { offer } = await meetInRoom(w, a, v);
      assert.deepEqual(offer.metaData, { username: userID, email: (offer.metaData as Record<string, string>).email, question, nickname });
      assert.equal(offer.userId, userID);
      const st = await statusOf(v);
      assert.equal(st.stage, 'room');
      const text = `${question} — ${nickname}`;
      await visitorCall('put', userID, { bearer: v.token }).expect(200);
      await request(w.url).put(`${MODERN}/ask/${enc(userID)}?token=${enc(v.token)}`).set('Content-Type', 'text/plain').send(text).expect(200);
      await a.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).type === 'groupchat' && payloadOf(m).body === text, 8000, 'the odd text at the agent');
      await request(w.url).post(`${API}/chat/${a.streamId}/rooms/${v.requestId}`).set('Authorization', a.auth).set('Content-Type', 'text/plain').send(text).expect(200);
      await visitorEvent(v, 'groupchat', (p) => p.body === text);
      assertErrorBody(await request(w.url).put(`${MODERN}/ask/${enc(userID)}`).set('Authorization', visitorAuth(v)).set('Accept', 'application/json').set('Content-Type', 'text/plain').send('bad \u0002 char'), 400, 'modern', 'body');
      await visitorCall('delete', userID, { bearer: v.token }).expect(200);
      assert.equal((await workgroupDetail(w, wg)).chatCount, 0);
    });

    it('when a message body tries to close its element and inject a stanza, then it arrives as plain text and nothing else arrives', async () => {
      const { a, wg } = await agentAvailable('fvinj');
      const v = await visitor(wg);
      await meetInRoom(w, a, v);
      const injection = `</body></message><message to="${a.jid}" type="chat"><body>pwned</body></message><message><body>`;
      await request(w.url).put(`${MODERN}/ask/${enc(v.userId)}`).set('Authorization', visitorAuth(v)).set('Content-Type', 'text/plain').send(injection).expect(200);
      await request(w.url).put(`${MODERN}/ask/${enc(v.userId)}`).set('Authorization', visitorAuth(v)).set('Content-Type', 'text/plain').send('marker-after').expect(200);
      await a.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).body === 'marker-after', 8000, 'the marker');
      const bodies = a.sse.events.filter((m) => m.event === 'chatapi.muc' || m.event === 'chatapi.chat').map((m) => payloadOf(m).body).filter((b) => b !== undefined);
      assert.deepEqual(bodies.filter((b) => b !== 'marker-after'), [injection]);
      const back = `</body><message type='groupchat'><body>x</body></message>`;
      await request(w.url).post(`${API}/chat/${a.streamId}/rooms/${v.requestId}`).set('Authorization', a.auth).set('Content-Type', 'text/plain').send(back).expect(200);
      await visitorEvent(v, 'groupchat', (p) => p.body === back);
      assert.ok(!v.sse.events.some((m) => payloadOf(m).body === 'x'), 'no injected message at the visitor');
    });
  });

  describe('a visitor cancels', () => {
    it('when a queued visitor cancels, then its stream gets depart-queue and the request is gone', async () => {
      const wg = await workgroup(w, []);
      const v = await visitor(wg);
      await visitorCall('delete', v.userId, { bearer: v.token }).expect(200);
      const d = await visitorEvent(v, 'depart-queue');
      assert.equal(d.reason, 'departure-requested');
      assert.equal(d.requestId, v.requestId);
      assertErrorBody(await visitorCall('get', v.userId, { header: w.secret }), 404, 'modern');
      assertErrorBody(await visitorCall('delete', v.userId, { header: w.secret }, API), 404, 'ofchat');
      assert.equal((await workgroupDetail(w, wg)).queueLength, 0);
    });

    it('when an offered visitor cancels, then the agent gets offerRevoked "User canceled", a late accept is 409, and the visitor\'s account is still there', async () => {
      const { a, wg } = await agentAvailable('fvco');
      const v = await visitor(wg);
      const offer = await agentOffer(a, 'offerReceived', v.requestId);
      const visitorJid = offer.from as string;
      assert.match(visitorJid, new RegExp(`^[^@/]+@${w.domain}$`));
      assert.equal(await accountExists(w, visitorJid), true);
      await visitorCall('delete', v.userId, { query: v.token }).expect(200);
      const revoked = await agentOffer(a, 'offerRevoked', v.requestId);
      assert.equal(revoked.reason, 'User canceled');
      assert.equal(revoked.from, visitorJid);
      assert.equal((await visitorEvent(v, 'depart-queue')).reason, 'departure-requested');
      assertErrorBody(await request(w.url).post(`${API}/chat/${a.streamId}/offer/${v.requestId}`).set('Authorization', a.auth).set('Accept', 'application/json'), 409, 'ofchat', v.requestId);
      const d = await workgroupDetail(w, wg);
      assert.equal(d.queueLength, 0);
      assert.equal((d.agents as Array<Record<string, unknown>>)[0]?.pendingOffer, undefined);
      assert.equal(await accountExists(w, visitorJid), true, 'the account lives through the grace period');
    });

    it('when a visitor in the room cancels, then the room is destroyed (the agent gets its destroy presence), the chat count is 0 and the visitor\'s account lives on', async () => {
      const { a, wg } = await agentAvailable('fvcr');
      const v = await visitor(wg);
      const { offer, room } = await meetInRoom(w, a, v);
      const visitorJid = offer.from as string;
      assert.equal(await accountExists(w, visitorJid), true);
      assert.equal((await workgroupDetail(w, wg)).chatCount, 1);
      await visitorCall('delete', v.userId, { bearer: v.token }).expect(200);
      const gone = await a.sse.waitFor((m) => {
        if (m.event !== 'chatapi.xmpp') return false;
        const x = payloadOf<{ xmpp?: string }>(m).xmpp;
        if (!x) return false;
        const xml = Buffer.from(x, 'base64').toString('utf8');
        return xml.startsWith('<presence') && xml.includes(`from="${room}/`) && xml.includes('type="unavailable"') && xml.includes('<destroy');
      }, 8000, 'the room\'s destroy presence');
      assert.ok(gone);
      await a.sse.waitFor((m) => m.event === 'chatapi.presence' && String(payloadOf(m).from).startsWith(`${room}/`) && payloadOf(m).show === 'unavailable', 8000, 'unavailable presence from the room');
      assert.equal((await workgroupDetail(w, wg)).chatCount, 0);
      const rooms = await ejabberdApi<string[]>(w.ej.apiUrl, 'muc_online_rooms', { service: `conference.${w.domain}` });
      assert.ok(!rooms.includes(room), `${room} still online`);
      assertErrorBody(await visitorCall('get', v.userId, { header: w.secret }), 404, 'modern');
      assert.equal(await accountExists(w, visitorJid), true, 'the account lives through the grace period');
    });
  });
});
