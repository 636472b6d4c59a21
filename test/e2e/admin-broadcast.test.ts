/**
 * messages/users end to end: a message from the server reaches connected XMPP clients.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { el, renderXml } from '../../gateway/xml/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, type TestXmpp } from '../kit/xmpp-test-client.js';

const TRICKY = 'Zoë "Q" <&> \'x\' 日本';

describe('admin REST: broadcast to online users', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const http = () => request(world.url);
  const online = async (prefix: string) => {
    const username = unique(prefix);
    await registerUser(world.ej.apiUrl, world.domain, username, 'pw');
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password: 'pw' });
    clients.push(c);
    return { username, c };
  };
  const fromServer = (body: string) => (s: TestXmpp['received'][number]) => s.is('message') && s.attrs.from === world.domain && s.getChildText('body') === body;

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('when a message is POSTed to messages/users, then every connected user receives it from the server', async () => {
    const [a, b] = [await online('ba'), await online('bb')];
    const body = `${TRICKY} ${unique('m')}`;
    await http().post('/plugins/restapi/v1/messages/users').set('Authorization', world.secret).send({ body }).expect(201);
    await Promise.all([a, b].map(({ c }) => c.waitFor(fromServer(body), 5000, 'broadcast')));
  });

  it('when the ofchat dialect posts XML or mapped JSON, then the message arrives too', async () => {
    const { c } = await online('bx');
    const viaXml = `xml ${TRICKY} ${unique('m')}`;
    await http().post('/rest/api/restapi/v1/messages/users').set('Authorization', world.secret).set('Content-Type', 'application/xml')
      .send(renderXml(el('message', {}, el('body', {}, viaXml)))).expect(201);
    await c.waitFor(fromServer(viaXml), 5000, 'xml broadcast');
    const viaJson = `json ${unique('m')}`;
    await http().post('/restapi/v1/messages/users').set('Authorization', world.secret).send({ message: { body: viaJson } }).expect(201);
    await c.waitFor(fromServer(viaJson), 5000, 'json broadcast');
  });

  it('when the body is missing or blank, then 400 IllegalArgumentException', async () => {
    for (const body of [{}, { body: '' }, { body: '   ' }, { body: null }]) {
      const res = await http().post('/plugins/restapi/v1/messages/users').set('Authorization', world.secret).set('Accept', 'application/json').send(body).expect(400);
      assert.equal(res.body.exception, 'IllegalArgumentException');
    }
  });

  it('when a non-admin user broadcasts, then 403', async () => {
    const { username, c } = await online('bn');
    const body = unique('never');
    await http().post('/plugins/restapi/v1/messages/users').set('Authorization', basic(username, 'pw')).send({ body }).expect(403);
    await http().post('/restapi/v1/messages/users').send({ body }).expect(401);
    assert.ok(!c.received.some(fromServer(body)));
  });
});
