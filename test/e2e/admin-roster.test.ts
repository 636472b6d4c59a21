/**
 * users/{username}/roster end to end, checked with ejabberd's get_roster; contacts that come
 * from shared roster groups are listed but cannot be changed.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const TRICKY = 'Zoë "Q" <&> \'x\'';

interface Row {
  jid: string;
  nick: string;
  subscription: string;
  group: string;
}

describe('admin REST: rosters', function () {
  let world: Stack;
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const http = () => request(world.url);
  const jid = (user: string) => `${user}@${world.domain}`;
  const rows = async (user: string) => (await ejabberdApi<Row[]>(world.ej.apiUrl, 'get_roster', { user, host: world.domain })).sort((a, b) => (a.jid + a.group).localeCompare(b.jid + b.group));
  const newUser = async () => {
    const u = unique('ro');
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    return u;
  };
  const roster = (user: string) => `/plugins/restapi/v1/users/${user}/roster`;

  before(async () => {
    world = await getWorld();
  });

  it('when an item is added, then ejabberd has it with nick, subscription and groups, and GET shows subscriptionType as an integer', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(roster(u))).send({ jid: jid(c), nickname: 'Cee', subscriptionType: 3, groups: ['Friends', 'Work'] }).expect(201);
    assert.deepEqual(await rows(u), [
      { jid: jid(c), nick: 'Cee', subscription: 'both', ask: 'undefined', group: 'Friends' },
      { jid: jid(c), nick: 'Cee', subscription: 'both', ask: 'undefined', group: 'Work' },
    ]);
    const res = await json(http().get(roster(u))).expect(200);
    assert.deepEqual(res.body, { rosterItem: [{ jid: jid(c), nickname: 'Cee', subscriptionType: 3, groups: ['Friends', 'Work'] }] });
    const ofchat = await json(http().get(`/rest/api/restapi/v1/users/${u}/roster`)).expect(200);
    assert.deepEqual(ofchat.body, { rosterItem: { jid: jid(c), nickname: 'Cee', subscriptionType: '3', groups: { group: ['Friends', 'Work'] } } });
  });

  it('when an item is added without subscriptionType, then it is none; in ofchat form with one group it is accepted', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(`/restapi/v1/users/${u}/roster`)).send({ jid: jid(c), groups: { group: 'Solo' } }).expect(201);
    assert.deepEqual(await rows(u), [{ jid: jid(c), nick: '', subscription: 'none', ask: 'undefined', group: 'Solo' }]);
  });

  it('when the item exists, the jid is missing or the user is unknown, then 409 / 400 / 404 with Openfire exception names', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(roster(u))).send({ jid: jid(c) }).expect(201);
    assert.equal((await json(http().post(roster(u))).send({ jid: jid(c), nickname: 'again' }).expect(409)).body.exception, 'UserAlreadyExistsException');
    assert.equal((await json(http().post(roster(u))).send({ nickname: 'nobody' }).expect(400)).body.exception, 'IllegalArgumentException');
    // the plugin's checkSubType answers an unknown subscriptionType with 409 UserAlreadyExistsException
    assert.equal((await json(http().post(roster(u))).send({ jid: jid(c), subscriptionType: 7 }).expect(409)).body.exception, 'UserAlreadyExistsException');
    assert.equal((await json(http().post(roster(unique('ghost')))).send({ jid: jid(c) }).expect(404)).body.exception, 'UserNotFoundException');
    assert.equal((await json(http().get(roster(unique('ghost')))).expect(404)).body.exception, 'UserNotFoundException');
    assert.deepEqual((await rows(u)).map((r) => r.nick), ['']);
  });

  it('when an item is updated, then ejabberd has the new nick, groups and subscription; absent fields are kept', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(roster(u))).send({ jid: jid(c), nickname: 'Old', subscriptionType: 1, groups: ['A'] }).expect(201);
    await json(http().put(`${roster(u)}/${jid(c)}`)).send({ nickname: 'New', groups: ['B', 'C'] }).expect(200);
    assert.deepEqual((await rows(u)).map((r) => [r.nick, r.subscription, r.group]), [['New', 'to', 'B'], ['New', 'to', 'C']]);
    await json(http().put(`${roster(u)}/${encodeURIComponent(jid(c))}`)).send({ jid: jid(c), subscriptionType: 2 }).expect(200);
    assert.deepEqual((await rows(u)).map((r) => [r.nick, r.subscription, r.group]), [['New', 'from', 'B'], ['New', 'from', 'C']]);
  });

  it('when an absent item is updated or deleted, then 404 (update: UserNotFoundException as the plugin; delete: RosterItemNotFound)', async () => {
    const u = await newUser();
    const other = jid(unique('nobody'));
    assert.equal((await json(http().put(`${roster(u)}/${other}`)).send({ nickname: 'x' }).expect(404)).body.exception, 'UserNotFoundException');
    assert.equal((await json(http().delete(`${roster(u)}/${other}`)).expect(404)).body.exception, 'RosterItemNotFound');
  });

  it('when an item is deleted (even with a JSON string body), then ejabberd no longer has it', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(roster(u))).send({ jid: jid(c) }).expect(201);
    await json(http().delete(`/rest/api/restapi/v1/users/${u}/roster/${jid(c)}`)).set('Content-Type', 'application/json').send('"x"').expect(200);
    assert.deepEqual(await rows(u), []);
  });

  it('when a contact comes from a shared group, then it is listed but update and delete are 400 SharedGroupException', async () => {
    const [u, c] = [await newUser(), await newUser()];
    const group = unique('sg');
    await json(http().post('/plugins/restapi/v1/groups')).send({ name: group, shared: true, members: [u, c] }).expect(201);
    const listed = await json(http().get(roster(u))).expect(200);
    assert.deepEqual(listed.body, { rosterItem: [{ jid: jid(c), subscriptionType: 3, groups: [] }] });
    const put = await json(http().put(`${roster(u)}/${jid(c)}`)).send({ nickname: 'x' }).expect(400);
    assert.equal(put.body.exception, 'SharedGroupException');
    assert.equal((await json(http().delete(`${roster(u)}/${jid(c)}`)).expect(400)).body.exception, 'SharedGroupException');
    assert.equal((await json(http().post(roster(u))).send({ jid: jid(c) }).expect(409)).body.exception, 'UserAlreadyExistsException');
    assert.deepEqual((await rows(u)).map((r) => [r.jid, r.group]), [[jid(c), group]]);
  });

  it('when a personal contact is also in a shared group, then its personal groups can be updated but it cannot be deleted', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await json(http().post(roster(u))).send({ jid: jid(c), nickname: 'Pal', subscriptionType: 3, groups: ['Mine'] }).expect(201);
    const group = unique('sg');
    await json(http().post('/plugins/restapi/v1/groups')).send({ name: group, shared: true, members: [u, c] }).expect(201);
    assert.deepEqual((await json(http().get(roster(u))).expect(200)).body, { rosterItem: [{ jid: jid(c), nickname: 'Pal', subscriptionType: 3, groups: ['Mine'] }] });
    await json(http().put(`${roster(u)}/${jid(c)}`)).send({ groups: ['Ours', group] }).expect(200);
    assert.deepEqual((await rows(u)).map((r) => r.group).sort(), [group, 'Ours'].sort());
    assert.equal((await json(http().delete(`${roster(u)}/${jid(c)}`)).expect(400)).body.exception, 'SharedGroupException');
  });

  it('when nicknames and groups hold <, &, quotes and non-ASCII, then they round-trip intact in XML and JSON', async () => {
    const [u, c] = [await newUser(), await newUser()];
    const body = `<rosterItem><jid>${jid(c)}</jid><nickname>Zoë "Q" &lt;&amp;&gt; 'x'</nickname><subscriptionType>3</subscriptionType><groups><group>Zoë &amp; co</group></groups></rosterItem>`;
    await http().post(`/restapi/v1/users/${u}/roster`).set('Authorization', world.secret).set('Content-Type', 'application/xml').send(body).expect(201);
    assert.deepEqual((await rows(u)).map((r) => [r.nick, r.group]), [[TRICKY, 'Zoë & co']]);
    const asJson = await json(http().get(roster(u))).expect(200);
    assert.deepEqual(asJson.body.rosterItem, [{ jid: jid(c), nickname: TRICKY, subscriptionType: 3, groups: ['Zoë & co'] }]);
    const asXml = await http().get(`/restapi/v1/users/${u}/roster`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(asXml.text, /<nickname>Zoë "Q" &lt;&amp;&gt; 'x'<\/nickname>/);
  });

  it('when a non-admin user calls the roster routes, even for itself, then 403', async () => {
    const [u, c] = [await newUser(), await newUser()];
    await http().get(roster(u)).set('Authorization', basic(u, 'pw')).expect(403);
    await http().post(roster(u)).set('Authorization', basic(u, 'pw')).send({ jid: jid(c) }).expect(403);
    assert.deepEqual(await rows(u), []);
  });
});
