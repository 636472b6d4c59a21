/**
 * Click-to-chat with two instances sharing one store (shared mode, behind the balancer): many
 * registers at once through both instances never put two clients into one slot — exactly
 * maxSessions per helpdesk user are paired, the rest get 503 and no account; a slot freed
 * through one instance is taken through the other; a helpdesk user going offline (its presence
 * reported to one instance) hands its clients over once.
 */
import assert from 'node:assert/strict';
import { helpdeskHostOf } from '../harness/ejabberd-config.js';
import { getCluster, instancesUp } from '../harness/shared-cluster.js';
import type { Cluster } from '../harness/start-cluster.js';
import { registration } from '../kit/clicktochat-kit.js';
import { eventually } from '../kit/eventually.js';
import { callFresh, type FreshAnswer } from '../kit/fresh-call.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, type TestXmpp } from '../kit/xmpp-test-client.js';

/** One call through `base` (a fresh connection each) with an XML body. */
const call = (base: string, method: string, path: string, auth: string, body = ''): Promise<FreshAnswer> =>
  callFresh(`${base}${path}`, method, { Authorization: auth, 'Content-Type': 'text/xml', Accept: 'application/json' }, body);

interface View {
  queue: string[];
  pairs: Array<{ client: string; agent: string | null; status: string }>;
}

describe('click-to-chat with two instances behind a balancer (e2e, shared mode)', function () {
  this.timeout(120_000);
  let c: Cluster;
  const open: TestXmpp[] = [];

  const view = async (base = c.url): Promise<View> => JSON.parse((await call(base, 'GET', '/clicktochat/pairs', c.secret)).text) as View;
  const accountExists = async (user: string): Promise<boolean> =>
    (JSON.parse(await (await fetch(`${c.ej.apiUrl}/check_account`, { method: 'POST', body: JSON.stringify({ user, host: c.domain }) })).text()) as number) === 0;

  before(async () => {
    c = await getCluster();
    await instancesUp(c);
  });
  after(async () => {
    for (const x of open) await x.stop().catch(() => undefined);
  });

  it('when 16 registers race through both instances for two helpdesk users with maxSessions 5, then exactly ten are paired, five each, and the six others leave no account', async () => {
    const host = helpdeskHostOf(c.domain);
    const agents: string[] = [];
    for (const n of [1, 2]) {
      const name = unique(`ctccl${n}`);
      await registerUser(c.ej.apiUrl, host, name, 'pw');
      open.push(await connectXmpp({ service: c.ej.xmppService, domain: host, username: name, password: 'pw' }));
      agents.push(`${name}@${host}`);
    }
    await eventually(async () => (await view()).queue.filter((a) => agents.includes(a)).length === 2, 'both helpdesk users queued', 15_000);

    const [A, B] = c.instances;
    const names = Array.from({ length: 16 }, () => unique('ctcclc'));
    const answers = await Promise.all(names.map((name, i) => call((i % 2 === 0 ? A : B).url, 'POST', '/clicktochat/register', c.secret, registration(name, 'pw'))));
    const paired = answers.map((a, i) => ({ name: names[i] as string, ...a })).filter((a) => a.status === 201);
    const refused = answers.map((a, i) => ({ name: names[i] as string, ...a })).filter((a) => a.status !== 201);
    assert.equal(paired.length, 10, answers.map((a) => `${a.status} ${a.text}`).join('\n'));
    for (const r of refused) assert.equal(r.status, 503, r.text);
    const to = paired.map((a) => /<to>([^<]*)<\/to>/.exec(a.text)?.[1]);
    for (const agent of agents) assert.equal(to.filter((t) => t === agent).length, 5, `${agent} holds five`);
    for (const r of refused) assert.equal(await accountExists(r.name), false, `no account for ${r.name}`);
    const v = await view();
    const ofOurs = v.pairs.filter((p) => agents.includes(p.agent ?? ''));
    assert.equal(ofOurs.length, 10);
    assert.equal(new Set(ofOurs.map((p) => p.client)).size, 10);

    // a slot freed through A is taken through B
    const freed = paired[0] as { name: string; text: string };
    assert.equal((await call(A.url, 'POST', '/clicktochat/disconnect', c.secret, `<username>${freed.name}@${c.domain}</username>`)).status, 200);
    assert.equal(await accountExists(freed.name), false);
    const again = unique('ctcclc');
    const r = await call(B.url, 'POST', '/clicktochat/register', c.secret, registration(again, 'pw'));
    assert.equal(r.status, 201, r.text);
    assert.equal(/<to>([^<]*)<\/to>/.exec(r.text)?.[1], /<to>([^<]*)<\/to>/.exec(freed.text)?.[1], 'the freed slot\'s helpdesk user');

    // one helpdesk user goes offline: the other is full, so its five clients are unpaired, once each
    const leaving = open[0] as TestXmpp;
    await leaving.stop();
    await eventually(async () => (await view()).pairs.filter((p) => p.status === 'unpaired').length === 5, 'five unpaired', 15_000);
    const after = await view();
    assert.equal(after.pairs.filter((p) => p.agent === agents[1]).length, 5, 'the other still holds exactly five');
    assert.deepEqual(after.queue.filter((a) => agents.includes(a)), [agents[1]]);

    for (const p of after.pairs.filter((x) => x.agent === null || agents.includes(x.agent))) {
      assert.equal((await call(c.url, 'POST', '/clicktochat/disconnect', c.secret, `<username>${p.client}</username>`)).status, 200);
    }
  });
});
