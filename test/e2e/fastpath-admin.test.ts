/**
 * ask/admin and ask/admin/{workgroup} end to end on the shared world: workgroups created,
 * read, listed, given new members and deleted through the HTTP surface (both JSON dialects and
 * XML, every base path), the 400/404/409 refusals, and non-admins refused.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';

describe('admin REST: Fastpath workgroups (ask/admin)', function () {
  let world: Stack;
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const create = (name: string, members = '', description = 'Desk') => json(http().post(`${MODERN}/ask/admin`)).send({ name, description, members });
  const detail = async (name: string) => (await json(http().get(`${MODERN}/ask/admin/${encodeURIComponent(name)}`)).expect(200)).body as Record<string, unknown>;

  before(async () => {
    world = await getWorld();
  });

  it('when a workgroup is created with a comma-separated member list, then GET shows its members, default settings, empty queue and offline agents', async () => {
    const name = unique('wg');
    await create(name, ' alice , Bob,carol ', 'Sales desk').expect(200);
    const d = await detail(name);
    assert.deepEqual(d.members, ['alice', 'bob', 'carol']);
    assert.equal(d.description, 'Sales desk');
    assert.equal(d.open, true);
    assert.equal(d.queueLength, 0);
    assert.equal(d.offerTimeoutMs, 20_000);
    assert.equal(d.rejectionTimeoutMs, 20_000);
    assert.equal(d.requestTimeoutMs, 240_000);
    assert.equal(d.maxChatsPerAgent, 4);
    assert.equal(d.routing, 'openfire');
    assert.equal(d.public, false);
    assert.deepEqual((d.agents as Array<Record<string, unknown>>).map((a) => [a.username, a.available, a.choice, a.show]), [
      ['alice', false, 'auto', 'offline'],
      ['bob', false, 'auto', 'offline'],
      ['carol', false, 'auto', 'offline'],
    ]);
  });

  it('when workgroups exist, then GET ask/admin lists each with name, description, members and open', async () => {
    const [a, b] = [unique('wga'), unique('wgb')];
    await create(a, 'x').expect(200);
    await create(b, '', 'Second').expect(200);
    const res = await json(http().get(`${MODERN}/ask/admin`)).expect(200);
    const listed = (res.body.workgroups as Array<Record<string, unknown>>).filter((w) => w.name === a || w.name === b);
    assert.deepEqual(listed, [
      { name: a, description: 'Desk', members: ['x'], open: true },
      { name: b, description: 'Second', members: [], open: true },
    ].sort((p, q) => (p.name < q.name ? -1 : 1)));
  });

  it('when the members are replaced with a raw text list (commas or spaces, a bare JID of the domain as its user name), then GET shows the new list at once', async () => {
    const name = unique('wgm');
    await create(name, 'alice,bob').expect(200);
    await http().post(`${MODERN}/ask/admin/${name}`).set('Authorization', world.secret).set('Content-Type', 'text/plain').send(`bob dave, erin@${world.domain}`).expect(200);
    const d = await detail(name);
    assert.deepEqual(d.members, ['bob', 'dave', 'erin']);
    assert.deepEqual((d.agents as Array<Record<string, unknown>>).map((a) => a.username), ['bob', 'dave', 'erin']);
  });

  it('when a workgroup is deleted, then it is gone from GET and the list, and its name can be used again', async () => {
    const name = unique('wgd');
    await create(name).expect(200);
    await json(http().delete(`${MODERN}/ask/admin/${name}`)).expect(200);
    await json(http().get(`${MODERN}/ask/admin/${name}`)).expect(404);
    const res = await json(http().get(`${MODERN}/ask/admin`)).expect(200);
    assert.ok(!(res.body.workgroups as Array<{ name: string }>).some((w) => w.name === name));
    await create(name).expect(200);
  });

  it('when a workgroup is unknown, then GET, POST members and DELETE answer 404', async () => {
    const name = unique('none');
    assert.equal((await json(http().get(`${MODERN}/ask/admin/${name}`)).expect(404)).body.exception, 'NotFoundException');
    await http().post(`${MODERN}/ask/admin/${name}`).set('Authorization', world.secret).set('Content-Type', 'text/plain').send('alice').expect(404);
    await json(http().delete(`${MODERN}/ask/admin/${name}`)).expect(404);
  });

  it('when a workgroup is created twice (also in another case), then 409 and the first is kept', async () => {
    const name = unique('wgdup');
    await create(name, '', 'first').expect(200);
    assert.equal((await create(name.toUpperCase(), '', 'second').expect(409)).body.exception, 'AlreadyExistsException');
    assert.equal((await detail(name)).description, 'first');
  });

  it('when the name is missing or not a JID local part, or a member is bad, then 400 names the field', async () => {
    assert.equal((await json(http().post(`${MODERN}/ask/admin`)).send({ description: 'no name' }).expect(400)).body.resource, 'name');
    for (const bad of ['two words', 'a/b', 'x@y', '<b>', 'it\'s', 'a"b', 'a&b']) {
      assert.equal((await create(bad).expect(400)).body.resource, 'name', bad);
    }
    const name = unique('wgbad');
    assert.equal((await create(name, 'alice, x@y').expect(400)).body.resource, 'members');
    await json(http().get(`${MODERN}/ask/admin/${name}`)).expect(404);
    await create(name).expect(200);
    assert.equal((await http().post(`${MODERN}/ask/admin/${name}`).set('Authorization', world.secret).set('Accept', 'application/json').set('Content-Type', 'text/plain').send('ok, not/ok').expect(400)).body.resource, 'members');
  });

  it('when a name holds non-ASCII letters, then it works through the path', async () => {
    const name = `zoë-${unique('k')}`;
    await create(name, 'jürgen').expect(200);
    assert.deepEqual((await detail(name)).members, ['jürgen']);
  });

  it('when a non-admin user calls the admin routes, then 403 and nothing changes', async () => {
    const user = unique('plain');
    await registerUser(world.ej.apiUrl, world.domain, user, 'pw');
    const auth = basic(user, 'pw');
    const name = unique('wgp');
    await create(name, 'alice').expect(200);
    await http().get(`${MODERN}/ask/admin`).set('Authorization', auth).expect(403);
    await http().get(`${MODERN}/ask/admin/${name}`).set('Authorization', auth).expect(403);
    await http().post(`${MODERN}/ask/admin`).set('Authorization', auth).send({ name: unique('wgx') }).expect(403);
    await http().post(`${MODERN}/ask/admin/${name}`).set('Authorization', auth).set('Content-Type', 'text/plain').send(user).expect(403);
    await http().delete(`${MODERN}/ask/admin/${name}`).set('Authorization', auth).expect(403);
    assert.deepEqual((await detail(name)).members, ['alice']);
  });

  it('when the admin logs in with Basic credentials, then the routes serve it', async () => {
    await http().get(`${MODERN}/ask/admin`).set('Authorization', basic(world.adminUser, world.adminPassword)).expect(200);
  });

  it('when ofchat\'s paths are used (JSON and XML bodies, XML and mapped-JSON answers), then they serve the same workgroups', async () => {
    const [a, b] = [unique('wgo'), unique('wgx')];
    await http().post(`/rest/api/restapi/v1/ask/admin`).set('Authorization', world.secret).send({ name: a, description: 'ofchat', members: 'alice' }).expect(200);
    await http().post('/restapi/v1/ask/admin').set('Authorization', world.secret).set('Content-Type', 'application/xml')
      .send(`<group><name>${b}</name><description>Zoë "Q" &lt;&amp;&gt;</description><members>alice, bob</members></group>`).expect(200);
    const mapped = await json(http().get(`/restapi/v1/ask/admin/${a}`)).expect(200);
    assert.equal(mapped.body.name, a);
    assert.deepEqual(mapped.body.members, { member: 'alice' });
    assert.equal(mapped.body.queueLength, '0');
    assert.equal(mapped.body.open, 'true');
    const xml = await http().get(`/rest/api/restapi/v1/ask/admin/${b}`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(xml.text, /<description>Zoë "Q" &lt;&amp;&gt;<\/description>/);
    assert.match(xml.text, /<members><member>alice<\/member><member>bob<\/member><\/members>/);
    assert.match(xml.text, /<agents><agent><username>alice<\/username>/);
    const list = await http().get('/restapi/v1/ask/admin').set('Authorization', world.secret).expect(200);
    assert.match(list.text, new RegExp(`<workgroup><name>${a}</name><description>ofchat</description><members><member>alice</member></members><open>true</open></workgroup>`));
  });
});
