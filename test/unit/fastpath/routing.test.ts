import assert from 'node:assert/strict';
import type { MachineEvent, RoutingStrategy, Show, WorkgroupSettings } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, World } from './fastpath-world.js';

/** Gives `agent` `n` running chats (each a request that prefers it, accepted). */
function busy(w: World, agent: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const u = `${agent}-load-${i}`;
    w.do(ask(u, { agent }));
    const offered = w.state().queue.find((r) => r.userId === u)?.offers.map((o) => o.agent);
    assert.deepEqual(offered, [agent], `load for ${agent}`);
    w.do({ type: 'accept', offerId: `r-${u}`, agent });
  }
}

describe('fastpath machine: routing', () => {
  it('when agents carry different loads, then the offer goes to the least busy', () => {
    const w = new World();
    w.do(online('alice'));
    busy(w, 'alice', 2);
    w.do(online('bob'));
    busy(w, 'bob', 1);
    w.do(online('carol'));
    busy(w, 'carol', 3);
    const m = w.mark();
    w.do(ask('ann'));
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob']);
  });

  const ties: Array<{ name: string; ended: Array<[string, number]>; expect: string }> = [
    { name: 'when loads tie, then the agent whose last chat ended longest ago is offered', ended: [['alice', 3_000], ['bob', 1_000], ['carol', 2_000]], expect: 'bob' },
    { name: 'when loads tie and one agent never had a chat, then that agent is offered', ended: [['alice', 1_000], ['carol', 2_000]], expect: 'bob' },
    { name: 'when loads tie and no one ever had a chat, then the order is by name', ended: [], expect: 'alice' },
  ];
  for (const c of ties) {
    it(c.name, () => {
      const w = new World();
      for (const a of ['alice', 'bob', 'carol']) w.do(online(a));
      const start = w.now;
      for (const [agent, at] of [...c.ended].sort((x, y) => x[1] - y[1])) {
        w.now = start + at;
        busy(w, agent, 1);
        w.do({ type: 'chatEnded', offerId: `r-${agent}-load-0` });
      }
      const m = w.mark();
      w.do(ask('ann'));
      assert.deepEqual(said(w.since(m), 'sendOffer'), [`offer ann → ${c.expect}`]);
    });
  }

  const shows: Array<{ show: Show; awayGetsOffers: boolean; offered: boolean }> = [
    { show: 'available', awayGetsOffers: false, offered: true },
    { show: 'chat', awayGetsOffers: false, offered: true },
    { show: 'away', awayGetsOffers: false, offered: false },
    { show: 'away', awayGetsOffers: true, offered: true },
    { show: 'xa', awayGetsOffers: true, offered: false },
    { show: 'dnd', awayGetsOffers: true, offered: false },
    { show: 'offline', awayGetsOffers: true, offered: false },
  ];
  for (const c of shows) {
    it(`when the only available agent's show is ${c.show} (away gets offers: ${c.awayGetsOffers}), then it is ${c.offered ? '' : 'not '}offered`, () => {
      const w = new World({ sales: { settings: { awayGetsOffers: c.awayGetsOffers } } });
      w.do(online('alice'));
      w.do({ type: 'agentPresence', agent: 'alice', show: c.show });
      const m = w.mark();
      w.do(ask('ann'));
      assert.deepEqual(said(w.since(m), 'sendOffer'), c.offered ? ['offer ann → alice'] : []);
    });
  }

  it('when an agent turns dnd, then it is skipped and the next agent is offered', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(online('bob'));
    w.do({ type: 'agentPresence', agent: 'alice', show: 'dnd' });
    const m = w.mark();
    w.do(ask('ann'));
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob']);
  });

  it('when an agent is at its maximum chats, then it is not offered until a chat ends', () => {
    const w = new World({ sales: { settings: { maxChatsPerAgent: 1 } } });
    w.do(online('alice'));
    busy(w, 'alice', 1);
    const m = w.mark();
    w.do(ask('ann'));
    assert.deepEqual(said(w.since(m), 'sendOffer'), []);
    w.do({ type: 'chatEnded', offerId: 'r-alice-load-0' });
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → alice']);
  });

  it('when an agent holds a pending offer, then the next request goes to another agent', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    w.do(ask('cat'));
    assert.deepEqual(said(w.since(0), 'sendOffer'), ['offer ann → alice', 'offer ben → bob']);
  });

  const preferred: Array<{ name: string; setup: MachineEvent[]; expect: string }> = [
    { name: 'when the preferred agent is eligible, then it is offered first even if busier', setup: [online('alice'), online('bob')], expect: 'offer ann → bob' },
    { name: 'when the preferred agent is not available, then the usual choice applies', setup: [online('alice')], expect: 'offer ann → alice' },
  ];
  for (const c of preferred) {
    it(c.name, () => {
      const w = new World();
      for (const e of c.setup) w.do(e);
      if (c.setup.length === 2) busy(w, 'bob', 1);
      const m = w.mark();
      w.do(ask('ann', { agent: 'bob' }));
      assert.deepEqual(said(w.since(m), 'sendOffer'), [c.expect]);
    });
  }

  it('when routing is roundRobin, then the least recently offered agent is offered, whatever its load', () => {
    const w = new World({ sales: { settings: { routing: 'roundRobin' satisfies RoutingStrategy } } });
    for (const a of ['alice', 'bob', 'carol']) w.do(online(a));
    const m = w.mark();
    for (const u of ['ann', 'ben', 'cat', 'dan']) {
      w.do(ask(u));
      const offer = w.state().queue.find((r) => r.userId === u)?.offers[0];
      assert.ok(offer, `offer for ${u}`);
      w.do({ type: 'accept', offerId: `r-${u}`, agent: offer.agent });
      w.advance(1_000);
    }
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → alice', 'offer ben → bob', 'offer cat → carol', 'offer dan → alice']);
  });

  it('when routing is broadcast, then every eligible agent is offered and the first accept revokes the others at once', () => {
    const w = new World({ sales: { settings: { routing: 'broadcast' } } });
    for (const a of ['alice', 'bob', 'carol']) w.do(online(a));
    w.do({ type: 'agentPresence', agent: 'carol', show: 'dnd' });
    w.do(ask('ann'));
    assert.deepEqual(said(w.since(0), 'sendOffer'), ['offer ann → alice', 'offer ann → bob']);
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'accept', offerId: 'r-ann', agent: 'bob' }), { kind: 'accepted', requestId: 'r-ann', userId: 'ann' });
    assert.deepEqual(said(w.since(m), 'revokeOffer', 'createRoom'), ['revoke ann from alice: The offer was accepted by another agent', 'room r-ann for bob + ann']);
    assert.deepEqual(w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' }), { kind: 'revoked' });
  });

  const auto: Array<{ name: string; settings: Partial<WorkgroupSettings>; events: MachineEvent[]; offered: boolean }> = [
    { name: 'when autoAvailable is on and the agent is online over any client, then it is offered without saying so', settings: { autoAvailable: true }, events: [{ type: 'agentPresence', agent: 'alice', show: 'available' }], offered: true },
    { name: 'when autoAvailable is off and the agent is only online, then it is not offered', settings: {}, events: [{ type: 'agentPresence', agent: 'alice', show: 'available' }], offered: false },
    { name: 'when autoAvailable is on but the agent said it is unavailable, then it is not offered', settings: { autoAvailable: true }, events: [{ type: 'agentPresence', agent: 'alice', show: 'available' }, { type: 'agentUnavailable', agent: 'alice' }], offered: false },
    { name: 'when an agent that said available disconnected and came back without autoAvailable, then it is not offered', settings: {}, events: [online('alice'), { type: 'agentPresence', agent: 'alice', show: 'offline' }, { type: 'agentPresence', agent: 'alice', show: 'available' }], offered: false },
  ];
  for (const c of auto) {
    it(c.name, () => {
      const w = new World({ sales: { settings: c.settings } });
      for (const e of c.events) w.do(e);
      w.do(ask('ann'));
      assert.deepEqual(said(w.since(0), 'sendOffer'), c.offered ? ['offer ann → alice'] : []);
    });
  }

  it('when a non-member says it is available, then it is refused and nothing changes', () => {
    const w = new World();
    const before = w.state();
    assert.deepEqual(w.do(online('mallory')), { kind: 'not-member' });
    assert.equal(w.state(), before);
  });
});
