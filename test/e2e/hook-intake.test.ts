/**
 * mod_ofgate → ofgate's own intake (the composed gateway, not a test receiver): plain-XMPP
 * presence reaches the online view per bare JID, over all resources.
 */
import assert from 'node:assert/strict';
import type { BarePresence } from '../../hooks/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, xml } from '../kit/xmpp-test-client.js';

function awaitPresence(w: Stack, jid: string, ok: (p: BarePresence | undefined) => boolean, timeoutMs = 5000): Promise<void> {
  if (ok(w.gateway.presence.get(jid))) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`online view never reached the expected state for ${jid}: ${JSON.stringify(w.gateway.presence.get(jid))}`));
    }, timeoutMs);
    const off = w.gateway.presence.onChange((changed, now) => {
      if (changed === jid && ok(now)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
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
    assert.equal(w.gateway.presence.isOnline(jid), true);
    await phone.stop();
    await awaitPresence(w, jid, (p) => p === undefined);
    assert.equal(w.gateway.presence.isOnline(jid), false);
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
