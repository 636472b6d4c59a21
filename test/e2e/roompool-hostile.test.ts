/**
 * The room pool's bad input (issue 24, "Bad input"): unknown rooms and tickets 404; a take for an
 * account ejabberd does not have 404; a client request while the pool is closed answers
 * "closed" in the API's error shape (both dialects, XML too); names, nicks and departments with
 * XML/JSON specials work or get a 400 naming the field; bodies of the wrong shape 400; nothing
 * is changed by a refused call; status.xml needs credentials unless made public.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { assertErrorBody } from '../kit/fastpath-kit.js';
import { basic } from '../kit/http-auth.js';
import { eventually } from '../kit/eventually.js';
import { admin, ask, joinRoom, MODERN, person, room, rooms, startRoomPool, take, type Person, type PoolGateway } from '../kit/roompool-kit.js';

const OFCHAT = '/restapi/v1';

describe('room pool: bad input (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: PoolGateway;
  const people: Person[] = [];
  const post = (base: string, path: string) => admin(g, request(g.url).post(`${base}${path}`));

  before(async () => {
    w = await getWorld();
    g = await startRoomPool(w, { 'rooms.poolSize': 1 });
  });
  after(async () => {
    await Promise.all(people.map((p) => p.xmpp.stop().catch(() => undefined)));
    await g?.stop();
  });

  it('when a client asks while no staff member is on duty, then 503 "closed" in each dialect\'s error shape, and nothing is queued', async () => {
    const c = await person(w, 'rphc');
    people.push(c);
    assertErrorBody(await post(MODERN, '/roompool/clients').send({ client: c.name }), 503, 'modern', 'roompool', /^closed/);
    assertErrorBody(await post(OFCHAT, '/roompool/clients').send({ client: c.name }), 503, 'ofchat', 'roompool', /^closed/);
    const xml = await request(g.url).post(`${MODERN}/roompool/clients`).set('Authorization', g.secret).set('Content-Type', 'application/xml').send(`<request><client>${c.name}</client></request>`);
    assert.equal(xml.status, 503);
    assert.match(xml.text, /<message>closed: /);
    const stats = (await admin(g, request(g.url).get(`${MODERN}/roompool/statistics`))).body as { open: boolean; clientsWaiting: number };
    assert.deepEqual([stats.open, stats.clientsWaiting], [false, 0]);
  });

  it('when rooms and tickets are unknown or malformed, then 404', async () => {
    const paths = [
      ['get', `/roompool/rooms/${g.site}_${'0'.repeat(64)}.0`], ['get', '/roompool/rooms/lobby'], ['get', '/roompool/rooms/..%2F..%2Fetc'],
      ['delete', `/roompool/rooms/${g.site}_${'a'.repeat(64)}.0`], ['post', `/roompool/rooms/${g.site}_${'b'.repeat(64)}.0/clean-exit`],
      ['get', `/roompool/tickets/${'c'.repeat(32)}`], ['get', '/roompool/tickets/<x>'], ['delete', `/roompool/tickets/${'d'.repeat(32)}`],
    ] as const;
    for (const [method, path] of paths) {
      const res = await admin(g, request(g.url)[method](`${MODERN}${path}`));
      assertErrorBody(res, 404, 'modern');
    }
  });

  it('when a take or a request names an account ejabberd does not have, then 404 naming it, and no room is taken', async () => {
    const before = await rooms(g);
    assertErrorBody(await post(MODERN, '/roompool/staff').send({ staff: 'nobody-here-at-all' }), 404, 'modern', 'nobody-here-at-all@localhost');
    assertErrorBody(await post(MODERN, '/roompool/clients').send({ client: 'nobody-here-at-all' }), 404, 'modern');
    assert.deepEqual((await rooms(g)).map((r) => [r.name, r.status, r.staff]), before.map((r) => [r.name, r.status, r.staff]));
  });

  it('when names, fields and bodies are malformed, then 400 naming the field, and nothing changes', async () => {
    const staff = await person(w, 'rphs');
    people.push(staff);
    const bad: Array<[string, unknown, string]> = [
      ['/roompool/staff', {}, 'staff'],
      ['/roompool/staff', { staff: 'a<b>"c' }, 'staff'],
      ['/roompool/staff', { staff: 'x@elsewhere.example' }, 'staff'],
      ['/roompool/staff', { staff: `${staff.name}/res` }, 'staff'],
      ['/roompool/staff', { staff: staff.name, type: 'lobby' }, 'type'],
      ['/roompool/staff', { staff: staff.name, type: 'group' }, 'type'],
      ['/roompool/staff', { staff: staff.name, priority: 'high' }, 'take.priority'],
      ['/roompool/staff', { staff: staff.name, priority: 100000 }, 'priority'],
      ['/roompool/staff', { staff: staff.name, department: 'x'.repeat(65) }, 'department'],
      ['/roompool/clients', { client: '' }, 'client'],
      ['/roompool/clients', { client: '"}{' }, 'client'],
    ];
    for (const [path, body, field] of bad) assertErrorBody(await post(MODERN, path).send(body as object), 400, 'modern', field);
    assertErrorBody(await post(MODERN, '/roompool/staff').set('Content-Type', 'application/json').send('{"staff":'), 400, 'modern');
    assertErrorBody(await post(MODERN, '/roompool/staff').set('Content-Type', 'application/xml').send('<take><staff>'), 400, 'modern');
    assertErrorBody(await post(MODERN, '/roompool/clients?wait=soon').send({ client: staff.name }), 400, 'modern', 'wait');
    assertErrorBody(await admin(g, request(g.url).get(`${MODERN}/roompool/rooms?limit=0&closed=true`)), 400, 'modern', 'limit');
    const put = (body: string) => admin(g, request(g.url).put(`${MODERN}/roompool/settings`)).set('Content-Type', 'application/json').send(body);
    assertErrorBody(await put('{"poolSize":-1}'), 400, 'modern', 'poolSize');
    assertErrorBody(await put('{"open":"yes"}'), 400, 'modern', 'open');
    assertErrorBody(await put('{"nope":1}'), 400, 'modern', 'nope');
    assertErrorBody(await put('[1]'), 400, 'modern', 'settings');
    assert.equal((await admin(g, request(g.url).get(`${MODERN}/roompool/settings`))).body.poolSize, 1, 'nothing changed');
    assert.equal((await rooms(g)).filter((r) => r.staff).length, 0, 'no room taken');
  });

  it('when departments and nicks hold XML and JSON specials, then they come back intact in JSON, XML and the room\'s log', async () => {
    const staff = await person(w, 'rphx');
    people.push(staff);
    const department = '<dept> & "quotes" \'/\\{}';
    const t = await take(g, `${staff.name}@${w.domain}`, { department, priority: '100' });
    const nick = `<b>&amp;"'${staff.name}`;
    assert.equal(await joinRoom(staff, t.room, t.password, nick), 'joined');
    await eventually(async () => (await room(g, t.name)).status === 'staffWaiting', 'staffWaiting');
    const json = (await admin(g, request(g.url).get(`${MODERN}/roompool/rooms/${t.name}`))).body as Record<string, unknown>;
    assert.deepEqual([json.department, json.staffNick, json.priority], [department, nick, 100]);
    const xml = await request(g.url).get(`${OFCHAT}/roompool/rooms/${encodeURIComponent(t.room)}`).set('Authorization', g.secret);
    assert.equal(xml.status, 200);
    assert.ok(xml.text.includes('<department>&lt;dept&gt; &amp; "quotes" \'/\\{}</department>'), xml.text);
    const c = await person(w, 'rphy');
    people.push(c);
    const ticket = await ask(g, c.jid, { department });
    assert.equal(ticket.name, t.name, 'matched within the department of specials');
  });

  it('when status.xml is asked without credentials, then 401 unless rooms.publicStatus; a user\'s credentials are 403; admin gets HelpIM\'s document', async () => {
    const anon = await request(g.url).get('/roompool/status.xml');
    assert.equal(anon.status, 401);
    const u = await person(w, 'rphu');
    people.push(u);
    assert.equal((await request(g.url).get('/roompool/status.xml').set('Authorization', basic(u.name, 'pw'))).status, 403);
    const ok = await request(g.url).get('/roompool/status.xml').set('Authorization', g.secret);
    assert.equal(ok.status, 200);
    assert.match(ok.text, /^<status><open>(True|False)<\/open><chatting>\d+<\/chatting><\/status>$/);
    const pub = await startRoomPool(w, { 'rooms.publicStatus': true, 'rooms.poolSize': 0 });
    try {
      const res = await request(pub.url).get('/roompool/status.xml');
      assert.deepEqual([res.status, res.text], [200, '<status><open>False</open><chatting>0</chatting></status>']);
    } finally {
      await pub.stop();
    }
  });

  it('when the events stream is asked without text/event-stream or without admin rights, then 405 or 401', async () => {
    assert.equal((await request(g.url).get(`${MODERN}/roompool/events`).set('Authorization', g.secret).set('Accept', 'application/json')).status, 405);
    assert.equal((await request(g.url).get(`${MODERN}/roompool/events`).set('Accept', 'text/event-stream')).status, 401);
  });
});
