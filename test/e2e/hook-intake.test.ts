/**
 * mod_ofgate → ofgate's own intake (the composed gateway, not a test receiver): plain-XMPP
 * presence reaches the online view per bare JID, over all resources.
 */
import assert from 'node:assert/strict';
import type { BarePresence } from '../../gateway/presence/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml } from '../kit/xmpp-test-client.js';

/** Listens first, then reads, so a change between the two is not missed. */
async function awaitPresence(w: Stack, jid: string, ok: (p: BarePresence | undefined) => boolean, timeoutMs = 5000): Promise<void> {
  let off = (): void => {};
  let timer: NodeJS.Timeout | undefined;
  const changed = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => {
      void w.gateway.presence.get(jid).then(
        (p) => reject(new Error(`online view never reached the expected state for ${jid}: ${JSON.stringify(p)}`)),
        reject,
      );
    }, timeoutMs);
    off = w.gateway.presence.onChange((who, now) => {
      if (who === jid && ok(now)) resolve();
    });
  });
  try {
    if (ok(await w.gateway.presence.get(jid))) return;
    await changed;
  } finally {
    off();
    clearTimeout(timer);
  }
}

describe('hook intake in the gateway (e2e)', () => {
  let w: Stack;
  before(async function () {
    w = await getWorld();
    if (!w.shimLoaded) this.skip();
  });

  it('when a plain XMPP user comes online on two resources and leaves one, then the bare JID stays online until the last leaves', async () => {
    const user = unique('hv');
    const jid = `${user}@${w.domain}`;
    await registerUser(w.ej.apiUrl, w.domain, user, 'pw');
    const phone = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: user, password: 'pw', resource: 'phone', presence: false });
    await phone.send(xml('presence', {}, xml('show', {}, 'away'), xml('priority', {}, '1')));
    await awaitPresence(w, jid, (p) => p?.show === 'away');
    const desk = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: user, password: 'pw', resource: 'desk', presence: false });
    await desk.send(xml('presence', {}, xml('show', {}, 'dnd'), xml('priority', {}, '5')));
    await awaitPresence(w, jid, (p) => p?.show === 'dnd' && p.resources.length === 2);
    await desk.stop();
    await awaitPresence(w, jid, (p) => p?.show === 'away' && p.resources.length === 1);
    assert.equal(await w.gateway.presence.isOnline(jid), true);
    await phone.stop();
    await awaitPresence(w, jid, (p) => p === undefined);
    assert.equal(await w.gateway.presence.isOnline(jid), false);
  });

  it('when ofgate has started, then mod_ofgate forwards just the events ofgate reads, so plain users chatting make no event', async () => {
    const wanted = w.gateway.hooks.interest();
    assert.ok(wanted.includes('presence_set') && !wanted.includes('message_sent'), `ofgate reads ${wanted.join(',')}`);
    const forwarded = await ejabberdApi<{ forwarded: string }>(w.ej.apiUrl, 'ofgate_forwarded_events', { host: w.domain });
    assert.deepEqual(forwarded.forwarded.split(','), [...wanted]);
    const stats = () => ejabberdApi<{ enqueued: number }>(w.ej.apiUrl, 'ofgate_shim_stats', { host: w.domain });
    const [a, b] = [unique('hm'), unique('hm')];
    await Promise.all([a, b].map((u) => registerUser(w.ej.apiUrl, w.domain, u, 'pw')));
    const connect = (username: string) => connectXmpp({ service: w.ej.xmppService, domain: w.domain, username, password: 'pw' });
    const ca = await connect(a);
    const cb = await connect(b);
    const before = (await stats()).enqueued;
    for (let i = 0; i < 20; i++) await ca.send(xml('message', { to: `${b}@${w.domain}`, type: 'chat' }, xml('body', {}, `m${i}`)));
    await cb.waitFor((el) => el.getChildText('body') === 'm19');
    // 20 messages made no event (other users' presence may have made a few meanwhile).
    assert.ok((await stats()).enqueued - before < 20);
    await Promise.all([ca.stop(), cb.stop()]);
  });

  it('when the shim posts with a wrong signature, then the intake refuses it with 401', async () => {
    const res = await fetch(`${w.url}/hooks/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ofgate-Secret': 'wrong', 'X-Ofgate-Signature': 'sha256=00' },
      body: JSON.stringify({ events: [] }),
    });
    assert.equal(res.status, 401);
  });
});
