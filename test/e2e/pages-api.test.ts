/**
 * The pages' data routes over HTTP against the real ejabberd of the shared world (issue 25):
 * the launcher state and the widget's page settings, offline messages, canned replies, and a
 * support chat's record from accept to end: listed and searched in the console's history, its
 * transcript read from the room's archive while it goes on and kept once the room is gone, the
 * visitor's transcript (entity and text/plain) and rating after the end. Who may do what:
 * strangers only on public workgroups (404 otherwise, as unknown), rate-limited per address;
 * agents their own chats; admins everything.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import { ask, assertErrorBody, goAvailable, loopbackClient, meetInRoom, visitorAuth, visitorEvent, workgroup, MODERN, type Visitor } from '../kit/fastpath-kit.js';
import { unique } from '../kit/unique.js';

type Res = request.Response;

describe('Pages API: launcher, offline messages, canned replies, chat records (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let agent: ChatUser;
  let colleague: ChatUser;
  let outsider: ChatUser;
  let pub: string;
  let priv: string;
  const visitors: Visitor[] = [];

  const json = (t: request.Test) => t.set('Accept', 'application/json');
  const asSecret = (t: request.Test) => json(t).set('Authorization', w.secret);
  const as = (u: ChatUser) => (t: request.Test) => json(t).set('Authorization', u.auth);
  const get = (path: string, auth?: (t: request.Test) => request.Test): Promise<Res> => (auth ?? json)(request(w.url).get(`${MODERN}${path}`)).then((r) => r);

  before(async () => {
    w = await getWorld();
    [agent, colleague, outsider] = await Promise.all([chatUser(w, 'pgagent'), chatUser(w, 'pgcoll'), chatUser(w, 'pgout')]);
    pub = await workgroup(w, [agent.name, colleague.name], { public: true }, 'pgpub');
    priv = await workgroup(w, [agent.name], {}, 'pgpriv');
    await goAvailable(w, agent, pub);
  });
  after(() => {
    for (const u of [agent, colleague, outsider]) u?.sse.close();
    for (const v of visitors) v.sse.close();
  });

  describe('the launcher state and page settings', () => {
    it('when a stranger reads a public workgroup, then it gets the state with the available agents and the default forms', async () => {
      const before = await get(`/workgroups/${pub}`);
      assert.equal(before.status, 200, before.text);
      assert.deepEqual(
        { workgroup: before.body.workgroup, title: before.body.title, open: before.body.open, agentsAvailable: before.body.agentsAvailable, queueLength: before.body.queueLength },
        { workgroup: pub, title: 'e2e', open: true, agentsAvailable: 1, queueLength: 0 },
      );
      assert.deepEqual((before.body.form as Array<{ name: string }>).map((f) => f.name), ['name', 'email', 'question']);
      assert.deepEqual((before.body.offlineForm as Array<{ name: string }>).map((f) => f.name), ['name', 'email', 'message']);
      assert.equal(typeof before.body.estimatedWait, 'number');
      assert.equal((await get(`/workgroups/${priv}`, as(agent))).body.agentsAvailable, 0);
    });

    it('when a workgroup is not public, then strangers and other users get 404 as for an unknown one; its agent and an admin read it', async () => {
      assertErrorBody(await get(`/workgroups/${priv}`), 404, 'modern', priv);
      assertErrorBody(await get(`/workgroups/${priv}`, as(outsider)), 404, 'modern', priv);
      assertErrorBody(await get(`/workgroups/${unique('nowg')}`), 404, 'modern');
      assert.equal((await get(`/workgroups/${priv}`, as(agent))).status, 200);
      assert.equal((await get(`/workgroups/${priv}`, asSecret)).status, 200);
    });

    it('when an admin sets the title and forms, then the launcher shows them; a bad field is a 400 naming it and changes nothing; an agent may not', async () => {
      const put = (body: unknown, auth = asSecret) => auth(request(w.url).put(`${MODERN}/workgroups/${pub}/page`)).send(body as object);
      assert.equal((await put({ title: 'Sales help', form: [{ name: 'email', label: 'E-mail' }, { name: 'question', type: 'textarea' }, { name: 'company', required: true }] })).status, 200);
      assertErrorBody(await put({ title: 'Other', offlineForm: [{ name: 'email' }, { name: 'phone' }, { name: 'message' }] }), 400, 'modern', 'offlineForm[1].name');
      assert.equal((await put({ title: 'Agent' }, as(agent))).status, 403);
      const state = (await get(`/workgroups/${pub}`)).body;
      assert.equal(state.title, 'Sales help');
      assert.deepEqual(state.form, [
        { name: 'email', label: 'E-mail', type: 'email', required: true },
        { name: 'question', type: 'textarea', required: true },
        { name: 'company', type: 'text', required: true },
      ]);
      // the ofchat dialect and XML carry the same
      const xml = await request(w.url).get(`/restapi/v1/workgroups/${pub}`).set('Accept', 'application/xml');
      assert.match(xml.text, /<title>Sales help<\/title>/);
      assert.match(xml.text, /<form><field><name>email<\/name><label>E-mail<\/label>/);
    });

    it('when one address reads past fastpath.publicReadsPerMinute, then 429 with Retry-After', async () => {
      const from = loopbackClient();
      try {
        // a token bucket: a burst of the limit passes, then it refills one per 60/limit s
        const limit = w.config.fastpath.publicReadsPerMinute;
        let last: Res | undefined;
        let passed = 0;
        for (let i = 0; i < limit + 20 && last?.status !== 429; i++) {
          last = await request(w.url).get(`${MODERN}/workgroups/${pub}`).agent(from).set('Accept', 'application/json');
          if (last.status === 200) passed++;
        }
        assertErrorBody(last as Res, 429, 'modern', pub);
        assert.ok(passed >= limit, `${passed} reads passed before the 429`);
        assert.ok(Number(last?.headers['retry-after']) >= 1);
      } finally {
        from.destroy();
      }
    });
  });

  describe('offline messages', () => {
    it('when a stranger leaves one on a public workgroup, then 201 with its id; the agents list and remove it; strangers cannot list', async () => {
      const from = loopbackClient();
      try {
        const left = await json(request(w.url).post(`${MODERN}/workgroups/${pub}/messages`).agent(from)).send({ name: 'Vic <b>', email: 'vic@example.com', message: 'Call me back & soon' });
        assert.equal(left.status, 201, left.text);
        const id = left.body.id as string;
        assert.match(id, /^\d{13}[0-9a-f]{8}$/);
        const list = await get(`/workgroups/${pub}/messages`, as(colleague));
        assert.equal(list.status, 200, list.text);
        const mine = (list.body.messages as Array<Record<string, unknown>>).find((m) => m.id === id);
        assert.deepEqual({ ...mine, createdAt: typeof mine?.createdAt }, { id, workgroup: pub, name: 'Vic <b>', email: 'vic@example.com', message: 'Call me back & soon', createdAt: 'number' });
        assert.equal((await get(`/workgroups/${pub}/messages`)).status, 401);
        assert.equal((await get(`/workgroups/${pub}/messages`, as(outsider))).status, 403);
        assert.equal((await as(agent)(request(w.url).delete(`${MODERN}/workgroups/${pub}/messages/${id}`))).status, 200);
        assertErrorBody(await as(agent)(request(w.url).delete(`${MODERN}/workgroups/${pub}/messages/${id}`)), 404, 'modern', id);
      } finally {
        from.destroy();
      }
    });

    it('when the workgroup is not public, then a stranger\'s message is a 404; a bad email a 400 naming it; past the per-address limit 429', async () => {
      const from = loopbackClient();
      try {
        const post = (wg: string, body: object) => json(request(w.url).post(`${MODERN}/workgroups/${wg}/messages`).agent(from)).send(body);
        assertErrorBody(await post(priv, { email: 'v@example.com', message: 'm' }), 404, 'modern', priv);
        assertErrorBody(await post(pub, { email: 'nope', message: 'm' }), 400, 'modern', 'email');
        const statuses: number[] = [];
        for (let i = 0; i <= w.config.fastpath.offlineMessagesPerMinute; i++) statuses.push((await post(pub, { email: 'v@example.com', message: `m${i}` })).status);
        assert.deepEqual(statuses, [...Array(w.config.fastpath.offlineMessagesPerMinute).fill(201), 429]);
      } finally {
        from.destroy();
      }
    });
  });

  describe('canned replies', () => {
    it('when an admin adds, replaces and removes replies, then the agents read them by title; an agent may not change them', async () => {
      const add = (body: object, auth = asSecret) => auth(request(w.url).post(`${MODERN}/workgroups/${pub}/canned`)).send(body);
      const b = await add({ title: 'Bye', text: 'Thanks for your visit!' });
      assert.equal(b.status, 201, b.text);
      const a = await add({ title: 'Alpha', text: 'Hello, how can I help?' });
      assert.equal((await add({ title: 'Mine', text: 'x' }, as(agent))).status, 403);
      assertErrorBody(await add({ title: 'No text' }), 400, 'modern', 'text');
      const replaced = await asSecret(request(w.url).put(`${MODERN}/workgroups/${pub}/canned/${b.body.id}`)).send({ title: 'Bye', text: 'Goodbye!' });
      assert.equal(replaced.status, 200, replaced.text);
      let list = await get(`/workgroups/${pub}/canned`, as(agent));
      assert.deepEqual(list.body.canned, [
        { id: a.body.id, title: 'Alpha', text: 'Hello, how can I help?' },
        { id: b.body.id, title: 'Bye', text: 'Goodbye!' },
      ]);
      assert.equal((await asSecret(request(w.url).delete(`${MODERN}/workgroups/${pub}/canned/${a.body.id}`))).status, 200);
      list = await get(`/workgroups/${pub}/canned`, as(colleague));
      assert.deepEqual((list.body.canned as Array<{ title: string }>).map((c) => c.title), ['Bye']);
      assert.equal((await get(`/workgroups/${pub}/canned`, as(outsider))).status, 403);
      assertErrorBody(await get(`/workgroups/${priv}/canned`, as(outsider)), 404, 'modern', priv);
    });
  });

  describe('a support chat\'s record', () => {
    let v: Visitor;

    it('when a visitor has not reached an agent, then its rating and transcript are a 400', async () => {
      const waiting = await ask(w, priv);
      visitors.push(waiting);
      const rate = await json(request(w.url).post(`${MODERN}/ask/${encodeURIComponent(waiting.userId)}/rating`)).set('Authorization', visitorAuth(waiting)).send({ rating: 5 });
      assertErrorBody(rate, 400, 'modern', waiting.userId);
      const t = await json(request(w.url).get(`${MODERN}/ask/${encodeURIComponent(waiting.userId)}/transcript`)).set('Authorization', visitorAuth(waiting));
      assertErrorBody(t, 400, 'modern', waiting.userId);
      await request(w.url).delete(`${MODERN}/ask/${encodeURIComponent(waiting.userId)}`).set('Authorization', visitorAuth(waiting)).expect(200);
    });

    it('when an agent accepts and both talk, then the console lists the chat (searchable) and reads its transcript from the room\'s archive', async () => {
      v = await ask(w, pub, { nickname: 'Zelda Quux', company: 'Hyrule Ltd' });
      visitors.push(v);
      await meetInRoom(w, agent, v);
      await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).set('Content-Type', 'text/plain').send('my parcel <is> late').expect(200);
      // the agent answers what it read (two streams: the room orders by arrival)
      await agent.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).body === 'my parcel <is> late', 8000, 'the visitor\'s message at the agent');
      await request(w.url).post(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth).set('Content-Type', 'text/plain').send('let me look').expect(200);
      await visitorEvent(v, 'groupchat', (p) => p.body === 'let me look');

      const list = await get(`/workgroups/${pub}/chats?q=${encodeURIComponent('zelda hyrule')}`, as(agent));
      assert.equal(list.status, 200, list.text);
      const chats = list.body.chats as Array<Record<string, unknown>>;
      assert.equal(chats.length, 1, list.text);
      const c = chats[0] as Record<string, unknown>;
      assert.deepEqual(
        { requestId: c.requestId, workgroup: c.workgroup, userID: c.userID, nickname: c.nickname, company: c.company, agent: c.agent, room: c.room, endedAt: c.endedAt, messages: c.messages },
        { requestId: v.requestId, workgroup: pub, userID: v.userId, nickname: 'Zelda Quux', company: 'Hyrule Ltd', agent: agent.name, room: `${v.requestId}@conference.${w.domain}`, endedAt: undefined, messages: undefined },
      );
      assert.ok((c.acceptedAt as number) >= (c.queuedAt as number));
      assert.deepEqual((await get(`/workgroups/${pub}/chats?q=nobody-here`, as(agent))).body.chats, []);

      const one = await get(`/workgroups/${pub}/chats/${v.requestId}`, as(agent));
      assert.equal(one.status, 200, one.text);
      assert.deepEqual((one.body.messages as Array<Record<string, unknown>>).map((m) => [m.role, m.nick, m.body]), [
        ['visitor', 'Zelda Quux', 'my parcel <is> late'],
        ['agent', agent.name, 'let me look'],
      ]);
    });

    it('when another member asks, then it sees neither the chat in its list nor the chat itself; agent=* is for admins, who see it', async () => {
      assert.deepEqual((await get(`/workgroups/${pub}/chats`, as(colleague))).body.chats, []);
      assert.equal((await get(`/workgroups/${pub}/chats/${v.requestId}`, as(colleague))).status, 403);
      assert.equal((await get(`/workgroups/${pub}/chats?agent=*`, as(colleague))).status, 403);
      const all = await get(`/workgroups/${pub}/chats?agent=*`, asSecret);
      assert.ok((all.body.chats as Array<{ requestId: string }>).some((c) => c.requestId === v.requestId));
      assertErrorBody(await get(`/workgroups/${priv}/chats/${v.requestId}`, asSecret), 404, 'modern', v.requestId);
    });

    it('when the agent ends the chat, then the record has its end and keeps the transcript after the room is gone; the visitor still reads it (text too) and rates, again replacing', async () => {
      const end = await request(w.url).delete(`${API}/chat/${agent.streamId}/assists/${pub}/chats/${v.requestId}`).set('Authorization', agent.auth);
      assert.equal(end.status, 200, end.text);
      await visitorEvent(v, 'chat-ended');
      const one = await get(`/workgroups/${pub}/chats/${v.requestId}`, as(agent));
      assert.equal(one.body.endReason, 'agent-ended', one.text);
      assert.equal(typeof one.body.endedAt, 'number');
      assert.deepEqual((one.body.messages as Array<{ body: string }>).map((m) => m.body), ['my parcel <is> late', 'let me look']);

      const path = `${MODERN}/ask/${encodeURIComponent(v.userId)}`;
      const t = await json(request(w.url).get(`${path}/transcript`)).set('Authorization', visitorAuth(v));
      assert.equal(t.status, 200, t.text);
      assert.deepEqual((t.body.messages as Array<{ role: string }>).map((m) => m.role), ['visitor', 'agent']);
      const text = await request(w.url).get(`${path}/transcript?format=text&token=${encodeURIComponent(v.token)}`);
      assert.equal(text.status, 200, text.text);
      assert.match(text.headers['content-type'] ?? '', /^text\/plain/);
      assert.match(text.text, /\] Zelda Quux: my parcel <is> late\n/);
      assert.match(text.text, new RegExp(`\\] ${agent.name}: let me look\\n`));

      const rate = (body: object) => json(request(w.url).post(`${path}/rating`)).set('Authorization', visitorAuth(v)).send(body);
      assert.equal((await rate({ rating: 2, comment: 'slow' })).status, 200);
      assertErrorBody(await rate({ rating: 9 }), 400, 'modern', 'rating');
      assert.equal((await rate({ rating: 5, comment: 'Great help' })).status, 200);
      const rated = (await get(`/workgroups/${pub}/chats`, as(agent))).body.chats as Array<Record<string, unknown>>;
      const r = rated.find((c) => c.requestId === v.requestId);
      assert.deepEqual([r?.rating, r?.comment, typeof r?.ratedAt], [5, 'Great help', 'number']);

      // another visitor's token opens nothing of this one
      const other = await ask(w, priv);
      visitors.push(other);
      assert.equal((await json(request(w.url).post(`${path}/rating`)).set('Authorization', visitorAuth(other)).send({ rating: 1 })).status, 403);
      await request(w.url).delete(`${MODERN}/ask/${encodeURIComponent(other.userId)}`).set('Authorization', w.secret).expect(200);
    });
  });
});
