/**
 * REST API plugin conformance, server operations ofgate did not serve before (notes "Plugin
 * routes ofgate does not serve"): clustering status and nodes from ejabberd's real cluster,
 * the security audit log kept by ofgate, the liveness and readiness probes, and the OpenAPI
 * document under the plugin's paths — on the modern dialect (/plugins/restapi/v1) and the
 * ofchat one (/restapi/v1), against the shared world's real ejabberd (undistributed: one node,
 * nonode@nohost); the probes' 503 against a stack whose ejabberd is stopped.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { parse } from 'yaml';
import { getWorld } from '../harness/shared-world.js';
import { startStack, type Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/restapi/v1';
const BOTH = [MODERN, OFCHAT] as const;
const PROBES = ['system/liveness', 'system/liveness/deadlock', 'system/liveness/properties', 'system/readiness', 'system/readiness/server', 'system/readiness/cluster', 'system/readiness/plugins', 'system/readiness/connections'];

interface LogEntry { logId: number; username: string; timestamp: number; summary: string; node: string; details: string }

describe('conformance with the REST API plugin: server operations added (clustering, security log, probes, openapi)', function () {
  let world: Stack;
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const xmlOf = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/xml');
  const logs = async (query: string): Promise<LogEntry[]> => (await json(http().get(`${MODERN}/logs/security?${query}`)).expect(200)).body.logs as LogEntry[];

  before(async () => {
    world = await getWorld();
  });

  for (const base of BOTH) {
    it(`clustering/status (${base}): "Disabled" for an undistributed ejabberd, in JSON and XML`, async () => {
      const [node] = await ejabberdApi<string[]>(world.ej.apiUrl, 'list_cluster', {});
      assert.equal(node, 'nonode@nohost');
      assert.deepEqual((await json(http().get(`${base}/clustering/status`)).expect(200)).body, { status: 'Disabled' });
      assert.match((await xmlOf(http().get(`${base}/clustering/status`)).expect(200)).text, /<clustering><status>Disabled<\/status><\/clustering>/);
    });
  }

  it('clustering/nodes: the nodes ejabberd lists, {"clusterNodes":[…]} in modern JSON, clusterNode in ofchat JSON; one node by id; 404 for another', async () => {
    const modern = (await json(http().get(`${MODERN}/clustering/nodes`)).expect(200)).body;
    assert.deepEqual(Object.keys(modern), ['clusterNodes']);
    const [n] = modern.clusterNodes;
    assert.deepEqual([n.nodeID, n.hostName, n.seniorMember], ['nonode@nohost', 'nohost', true]);
    const joined = new Date(n.joinedTime).getTime(); // modern JSON: epoch ms (Jackson), ofchat: a date string
    assert.ok(joined <= Date.now() && joined > Date.now() - 24 * 3600 * 1000, `joinedTime ${n.joinedTime}`);
    assert.equal((await json(http().get(`${OFCHAT}/clustering/nodes`)).expect(200)).body.clusterNode.nodeID, 'nonode@nohost');
    assert.equal((await json(http().get(`${MODERN}/clustering/nodes/nonode@nohost`)).expect(200)).body.nodeID, 'nonode@nohost');
    assert.equal((await json(http().get(`${MODERN}/clustering/nodes/other@host`)).expect(404)).body.exception, 'NotFoundException');
  });

  it('logs/security: an admin change is logged (who, when, what, from where, status); a refused one says so; reads are not logged; bodies never', async () => {
    const since = Math.floor(Date.now() / 1000);
    const key = `audit.${unique('k')}`;
    await json(http().post(`${MODERN}/system/properties`)).send({ key, value: 'v' }).expect(201);
    await json(http().get(`${MODERN}/system/properties/${key}`)).expect(200);
    await json(http().delete(`${OFCHAT}/system/properties/${unique('missing')}`)).expect(404);
    const user = unique('au');
    await json(http().post(`${MODERN}/users`)).send({ username: user, password: 'never-logged-pw' }).expect(201);
    const mine = (await logs(`username=secret&startTime=${since}&limit=1000`)).filter((e) => e.timestamp >= since);
    const created = mine.find((e) => e.summary === 'POST /system/properties');
    assert.ok(created, JSON.stringify(mine));
    assert.equal(created.username, 'secret');
    assert.match(created.node, /127\.0\.0\.1/);
    assert.match(created.details, /status = 201/);
    assert.ok(created.timestamp >= since && created.timestamp <= Math.ceil(Date.now() / 1000));
    assert.ok(mine.some((e) => e.summary === 'DELETE /system/properties/{propertyKey} refused (404)'), 'refused change');
    assert.ok(!mine.some((e) => e.summary.startsWith('GET ')), 'reads are not logged');
    assert.ok(mine.some((e) => e.summary === 'POST /users'));
    assert.ok(!JSON.stringify(mine).includes('never-logged-pw'));
    // newest first, offset and limit
    assert.ok(mine.every((e, i) => i === 0 || (mine[i - 1] as LogEntry).logId > e.logId));
    const [second] = await logs(`username=secret&startTime=${since}&offset=1&limit=1`);
    assert.equal(second?.logId, mine[1]?.logId);
    assert.deepEqual(await logs(`username=${unique('nobody')}`), []);
    assert.deepEqual(await logs(`endTime=${since - 3600}&startTime=${since - 3600}`), []);
  });

  it('logs/security (ofchat JSON and XML): log entries under log; a bad limit is a 400', async () => {
    await json(http().post(`${OFCHAT}/system/properties`)).send({ key: `audit.${unique('k')}`, value: 'v' }).expect(201);
    const ofchat = (await json(http().get(`${OFCHAT}/logs/security?limit=1`)).expect(200)).body;
    assert.equal(ofchat.log.summary, 'POST /system/properties');
    assert.match((await xmlOf(http().get(`${MODERN}/logs/security?limit=1`)).expect(200)).text, /^<\?xml[^>]*><logs><log><logId>\d+<\/logId><username>secret<\/username><timestamp>\d+<\/timestamp><summary>POST \/system\/properties<\/summary>/);
    await json(http().get(`${MODERN}/logs/security?limit=zero`)).expect(400);
  });

  for (const base of BOTH) {
    it(`liveness and readiness probes (${base}): no credentials, 200 with an empty body while everything is up`, async () => {
      for (const p of PROBES) {
        const res = await http().get(`${base}/${p}`).expect(200);
        assert.equal(res.text, '', p);
      }
      await http().get(`${base}/system/readiness/connections?connectionType=SOCKET_C2S&encrypted=false`).expect(200);
      await http().get(`${base}/system/readiness/connections?connectionType=PIGEON`).expect(400);
    });
  }

  for (const base of BOTH) {
    it(`openapi.json and openapi.yaml (${base}): the document /swagger/openapi.json serves, without credentials`, async () => {
      const served = (await http().get('/swagger/openapi.json').expect(200)).body;
      assert.deepEqual((await http().get(`${base}/openapi.json`).expect(200).expect('Content-Type', /application\/json/)).body, served);
      const yaml = await http().get(`${base}/openapi.yaml`).expect(200).expect('Content-Type', /application\/yaml/);
      assert.deepEqual(parse(yaml.text), served);
      assert.ok(served.paths['/openapi.yaml'] && served.paths['/logs/security'] && served.paths['/chatrooms/bulk']);
    });
  }

  it('readiness probes answer 503 when ejabberd is down; liveness stays 200', async function () {
    this.timeout(60000);
    const stack = await startStack();
    try {
      await request(stack.url).get(`${MODERN}/system/readiness`).expect(200);
      await stack.ej.stop();
      for (const p of ['system/readiness', 'system/readiness/server', 'system/readiness/connections']) {
        const res = await request(stack.url).get(`${MODERN}/${p}`).expect(503);
        assert.equal(res.text, '', p);
      }
      await request(stack.url).get(`${OFCHAT}/system/liveness`).expect(200);
      await request(stack.url).get(`${OFCHAT}/system/readiness/cluster`).expect(200); // the store is fine
    } finally {
      await stack.stop();
    }
  });
});
