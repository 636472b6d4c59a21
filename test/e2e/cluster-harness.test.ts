/**
 * The shared-mode harness itself (start-cluster.ts): two ofgate processes behind haproxy answer
 * in turn, a SIGKILLed instance costs the clients nothing, a restarted one rejoins. The
 * instance that answered is read from the balancer's X-Haproxy-Server header (and checked
 * against X-Ofgate-Instance when the gateway sends it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { SERVER_HEADER } from '../harness/haproxy-instance.js';
import { startCluster, type Cluster } from '../harness/start-cluster.js';

interface Answer {
  status: number;
  server: string;
  /** X-Ofgate-Instance, the instance's own word (absent while the gateway does not send it). */
  instance: string | undefined;
  reusedSocket: boolean;
}

/** GET through one agent (one keep-alive connection when maxSockets is 1). */
function getVia(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => {
        const instance = res.headers['x-ofgate-instance'];
        resolve({ status: res.statusCode ?? 0, server: String(res.headers[SERVER_HEADER] ?? ''), instance: typeof instance === 'string' ? instance : undefined, reusedSocket: req.reusedSocket });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

async function askBalancer(c: Cluster, times: number): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const answers: Answer[] = [];
    for (let i = 0; i < times; i++) answers.push(await getVia(agent, `${c.url}/healthz`));
    return answers;
  } finally {
    agent.destroy();
  }
}

describe('cluster harness (e2e)', function () {
  this.timeout(60_000);
  let c: Cluster;

  before(async () => {
    c = await startCluster({ logLevel: 'warn', ejabberdLogLevel: 'warning' });
  });
  after(async () => {
    await c?.stop();
  });

  it('when started, then the instances are distinct processes sharing one Redis and mod_ofgate posts to the balancer', () => {
    const [a, b] = c.instances;
    assert.deepEqual([a.instanceId, b.instanceId], ['a', 'b']);
    assert.notEqual(a.port, b.port);
    assert.notEqual(a.port, c.port);
    for (const i of c.instances) {
      const yml = readFileSync(i.configFile, 'utf8');
      assert.match(yml, /backend: redis/);
      assert.ok(yml.includes(`url: ${c.redis.url}`), yml);
      assert.ok(yml.includes(`advertiseUrl: ${i.url}`), yml);
      assert.ok(yml.includes(`instanceId: ${i.instanceId}`), yml);
    }
    if (c.shimLoaded) assert.ok(readFileSync(join(c.ej.dir, 'ejabberd.yml'), 'utf8').includes(`${c.url}/hooks/events`));
  });

  it('when one keep-alive client asks the balancer four times, then the two instances answer in turn', async () => {
    const answers = await askBalancer(c, 4);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
    assert.deepEqual(new Set(answers.map((a) => a.server)), new Set(['a', 'b']));
    for (let i = 1; i < answers.length; i++) {
      assert.notEqual(answers[i]?.server, answers[i - 1]?.server, `answers ${i - 1} and ${i} from the same instance`);
      assert.equal(answers[i]?.reusedSocket, true, 'the client connection is kept alive');
    }
    for (const a of answers) if (a.instance !== undefined) assert.equal(a.instance, a.server, 'the instance haproxy chose is the one that answered');
  });

  it('when an instance is killed with SIGKILL, then every request through the balancer still succeeds, from the other one', async () => {
    const [a] = c.instances;
    await a.kill9();
    assert.equal(a.running(), false);
    const answers = await askBalancer(c, 6);
    assert.deepEqual(answers.map((x) => `${x.status} ${x.server}`), Array(6).fill('200 b'));
    await c.haproxy.waitServer('a', 'DOWN', 5000);
  });

  it('when the killed instance restarts, then it rejoins the rotation on the same port with the same identity', async () => {
    const [a] = c.instances;
    const port = a.port;
    await a.restart();
    assert.equal(a.port, port);
    await c.haproxy.waitServer('a', 'UP', 5000);
    // haproxy may first give a returning server a short burst to catch up: ask up to 20 times
    const answers = await askBalancer(c, 20);
    assert.deepEqual(answers.filter((x) => x.status !== 200), []);
    assert.deepEqual(new Set(answers.map((x) => x.server)), new Set(['a', 'b']));
    assert.deepEqual(answers.slice(-4).map((x) => x.server).sort(), ['a', 'a', 'b', 'b'], 'then in turn again');
    assert.equal((a.log().match(/--- ofgate a starting/g) ?? []).length, 2, 'one log across both runs');
  });
});
