/**
 * REST API plugin conformance, system properties, sessions, errors and authentication: one case
 * per row of ../shared/notes/restapi-plugin-conformance.md (rows 1, 12, 13, 20, 21, the property
 * and broadcast part of 27, 28–33), on the modern dialect (/plugins/restapi/v1) and the ofchat
 * one (/restapi/v1), against the shared world's real ejabberd. A row where ofgate deliberately
 * differs asserts the documented difference (README's list of differences).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/restapi/v1';
const BOTH = [MODERN, OFCHAT] as const;

describe('conformance with the REST API plugin: system, sessions, errors, authentication', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const xmlOf = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/xml');
  const newProperty = async (value = 'v') => {
    const key = `conf.${unique('p')}`;
    await json(http().post(`${MODERN}/system/properties`)).send({ key, value }).expect(201);
    return key;
  };
  const onlineUser = async (status?: string) => {
    const u = unique('cs');
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username: u, password: 'pw', resource: 'desk' });
    clients.push(c);
    if (status !== undefined) await c.send(xml('presence', {}, xml('status', {}, status)));
    return u;
  };
  const sessionOf = async (base: string, u: string): Promise<Record<string, unknown>> => {
    const body = (await json(http().get(`${base}/sessions/${u}`)).expect(200)).body;
    return (base === MODERN ? body.sessions[0] : body.session) as Record<string, unknown>;
  };

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('row 1: GET system/properties is {"property":[{key,value}]} in modern JSON, @key/@value in ofchat JSON, properties/property in XML', async () => {
    const key = await newProperty('x');
    const modern = (await json(http().get(`${MODERN}/system/properties`)).expect(200)).body;
    assert.deepEqual(Object.keys(modern), ['property']);
    assert.ok(modern.property.some((p: Record<string, string>) => p.key === key && p.value === 'x'));
    const ofchat = (await json(http().get(`${OFCHAT}/system/properties`)).expect(200)).body;
    assert.ok([ofchat.property].flat().some((p: Record<string, string>) => p['@key'] === key));
    assert.match((await xmlOf(http().get(`${MODERN}/system/properties`)).expect(200)).text, new RegExp(`<properties>.*<property key="${key}" value="x"/>`));
  });

  for (const base of BOTH) {
    it(`row 12 (${base}): a session always has lastActionDate (JSON and XML)`, async () => {
      const u = await onlineUser();
      const s = await sessionOf(base, u);
      assert.ok(s.lastActionDate !== undefined, JSON.stringify(s));
      if (base === MODERN) assert.equal(typeof s.lastActionDate, 'number');
      assert.match((await xmlOf(http().get(`${base}/sessions/${u}`)).expect(200)).text, /<lastActionDate>[^<]+<\/lastActionDate>/);
    });
  }

  for (const base of BOTH) {
    it(`row 13 (${base}): no status text leaves presenceMessage out; hostName is the address (documented difference: no reverse DNS)`, async () => {
      const u = await onlineUser();
      const s = await sessionOf(base, u);
      assert.equal('presenceMessage' in s, false, JSON.stringify(s));
      assert.equal(s.hostName, s.hostAddress);
    });
  }

  it('row 20: XML dates are xsd:dateTime in UTC (documented difference: the plugin uses the JVM zone)', async () => {
    const u = await onlineUser();
    for (const base of BOTH) {
      assert.match((await xmlOf(http().get(`${base}/sessions/${u}`)).expect(200)).text, /<creationDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z<\/creationDate>/);
    }
  });

  for (const base of BOTH) {
    it(`row 21 (${base}): <, > and & in JSON strings are escaped as \\u003c… and read back the same (documented difference)`, async () => {
      const key = await newProperty('a<b>&c');
      const res = await json(http().get(`${base}/system/properties/${key}`)).expect(200);
      assert.match(res.text, /a\\u003cb\\u003e\\u0026c/);
      assert.equal(base === MODERN ? res.body.value : res.body['@value'], 'a<b>&c');
    });
  }

  for (const base of BOTH) {
    it(`row 27, properties and broadcast (${base}): the plugin's messages and resources`, async () => {
      const missing = `conf.${unique('none')}`;
      const res = (await json(http().get(`${base}/system/properties/${missing}`)).expect(404)).body;
      assert.deepEqual([res.message, res.exception], ['Could not find property', 'PropertyNotFoundException']);
      const key = await newProperty();
      const mismatch = (await json(http().put(`${base}/system/properties/${key}`)).send({ key: `${key}.other`, value: 'w' }).expect(400)).body;
      assert.equal(mismatch.message, 'Path property name and entity property name doesn\'t match');
      const broadcast = (await json(http().post(`${base}/messages/users`)).send({ body: ' ' }).expect(400)).body;
      assert.equal(base === MODERN ? broadcast.resource : broadcast.ressource, '');
    });
  }

  for (const base of BOTH) {
    it(`row 28 (${base}): PUT of a missing property whose body names another key is 404 "Could not find property for update" (existence first)`, async () => {
      const missing = `conf.${unique('none')}`;
      const res = (await json(http().put(`${base}/system/properties/${missing}`)).send({ key: 'other.key', value: 'w' }).expect(404)).body;
      assert.deepEqual([res.message, res.exception, base === MODERN ? res.resource : res.ressource], ['Could not find property for update', 'PropertyNotFoundException', 'other.key']);
    });
  }

  for (const base of BOTH) {
    it(`row 29 (${base}): 401 and an unknown route answer with an error body (documented difference: the plugin sends none)`, async () => {
      const denied = await http().get(`${base}/users`).set('Accept', 'application/json').expect(401);
      assert.equal(denied.body.exception, 'UnauthorizedException');
      const unknown = await json(http().get(`${base}/${unique('nowhere')}`)).expect(404);
      assert.equal(unknown.body.exception, 'NotFoundException');
    });
  }

  for (const base of BOTH) {
    it(`row 30 (${base}): an error's media type is negotiated like a success (documented difference)`, async () => {
      const missing = `/system/properties/conf.${unique('none')}`;
      const axios = await http().get(`${base}${missing}`).set('Authorization', world.secret).set('Accept', 'application/json, text/plain, */*').expect(404);
      assert.match(String(axios.headers['content-type']), /json/);
      const plain = await http().get(`${base}${missing}`).set('Authorization', world.secret).set('Accept', 'text/plain').expect(404);
      assert.match(String(plain.headers['content-type']), /xml/);
    });
  }

  for (const base of BOTH) {
    it(`row 31 (${base}): userservice with an unknown type answers <error>IllegalArgumentException</error> (documented difference: the plugin answers an empty 200)`, async () => {
      const res = await http().get(`${base}/userservice`).query({ secret: world.secret, type: 'nonsense', username: unique('u') }).expect(200);
      assert.match(res.text, /<error>IllegalArgumentException<\/error>/);
    });
  }

  for (const base of BOTH) {
    it(`row 32 (${base}): both the shared secret and an admin's Basic credentials are accepted (documented difference)`, async () => {
      await http().get(`${base}/system/properties`).set('Authorization', world.secret).expect(200);
      await http().get(`${base}/system/properties`).set('Authorization', basic(world.adminUser, world.adminPassword)).expect(200);
    });
  }

  for (const base of BOTH) {
    it(`row 33 (${base}): system/properties holds only the properties kept by ofgate (documented difference: ejabberd has no such store)`, async () => {
      const key = await newProperty();
      const text = (await json(http().get(`${base}/system/properties`)).expect(200)).text;
      assert.ok(text.includes(key));
      assert.ok(!text.includes('xmpp.domain'), 'no Openfire server properties are invented');
    });
  }
});
