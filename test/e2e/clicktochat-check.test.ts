/**
 * Click-to-chat's durable client check (e2e; the original kept a client that never came, and its
 * helpdesk user's slot, forever): with clicktochat.clientTimeoutSeconds 10, a registered client
 * that never logs in is ended at its check (account removed, slot free), while one that is
 * connected is kept and looked at again later.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { accountExists, disconnect, helpdeskUser, pairs, queued, register, startClickToChat, type ClickToChatGateway, type HelpdeskUser } from '../kit/clicktochat-kit.js';
import { eventually } from '../kit/eventually.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('click-to-chat: the client check (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: ClickToChatGateway;
  let agent: HelpdeskUser;
  let connected: TestXmpp | undefined;

  before(async () => {
    w = await getWorld();
    g = await startClickToChat(w, { 'clicktochat.clientTimeoutSeconds': 10, 'clicktochat.maxSessions': 2 });
    agent = await helpdeskUser(w, 'ctcchk');
    await queued(g, w.secret, agent.jid);
  });
  after(async () => {
    await connected?.stop();
    await agent?.xmpp.stop();
    await g?.stop();
  });

  it('when a registered client never logs in, then at its check its account goes and its slot is free; a connected one stays', async () => {
    const [never, here] = [unique('ctcnever'), unique('ctchere')];
    assert.equal((await register(g, w.secret, never)).status, 201);
    assert.equal((await register(g, w.secret, here)).status, 201);
    connected = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: here, password: 'pw' });
    assert.equal((await register(g, w.secret, unique('ctcfull'))).status, 503, 'both slots taken');

    // an end removes the account, then frees the slot (client-lifecycle.ts): the freed slot is the end's last sign
    const neverJid = `${never}@${w.domain}`;
    await eventually(async () => !(await pairs(g, w.secret)).pairs.some((p) => p.client === neverJid), 'the absent client ended at its check', 20_000);
    assert.equal(await accountExists(w, never, w.domain), false, 'its account is gone');
    const v = await pairs(g, w.secret);
    assert.deepEqual(v.pairs.map((p) => p.client), [`${here}@${w.domain}`]);
    assert.equal(await accountExists(w, here, w.domain), true);
    const next = unique('ctcnext');
    assert.equal((await register(g, w.secret, next)).status, 201, 'the freed slot is taken');
    for (const c of [here, next]) assert.equal(await disconnect(g, w.secret, `${c}@${w.domain}`), 200);
  });
});
