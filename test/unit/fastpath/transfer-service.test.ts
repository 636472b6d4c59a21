/**
 * An agent's transfer of a chat to another workgroup through the workgroup service over a real
 * memory store: one transaction moves the request (with its room) into the target's queue and
 * its ask record with it, the effects of both workgroups are handed on; a target that refuses
 * (closed, unknown) writes nothing at all and the chat stays with its agent.
 */
import assert from 'node:assert/strict';
import { ASKS_COLLECTION, type AskRecord } from '../../../gateway/fastpath/ask-records.js';
import { createWorkgroupService, type Effect, type WorkgroupService } from '../../../gateway/fastpath/index.js';
import type { TransferResult } from '../../../gateway/fastpath/machine/index.js';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const REQUEST = 'req0001abc';

describe('fastpath workgroup service: transfer to another workgroup', () => {
  const clock = createFakeClock();
  let store: Store;
  let handed: Array<{ wg: string; effects: readonly Effect[] }>;
  let service: WorkgroupService;

  /** alice (sales) chats with ann in an open room; dave is available in billing. */
  beforeEach(async () => {
    store = createMemoryStore({ clock });
    handed = [];
    service = createWorkgroupService({ store, clock, onEffects: (wg, effects) => void handed.push({ wg, effects }) });
    await service.create('sales', '', ['alice']);
    await service.create('billing', '', ['dave']);
    await service.apply('sales', { type: 'agentAvailable', agent: 'alice' });
    await service.apply('billing', { type: 'agentAvailable', agent: 'dave' });
    const ask: AskRecord = {
      requestId: REQUEST, userId: 'ann', workgroup: 'sales', account: 'fpv-ann', streamId: 's1',
      fields: { workgroup: 'sales', userID: 'ann', emailAddress: 'ann@example.com', question: 'help?' },
      identity: null, askedAt: clock.now(), endedAt: null,
    };
    await service.join('sales', { type: 'join', requestId: REQUEST, userId: 'ann', visitor: 'fpv-ann@example.org', metadata: { question: 'help?' } }, ask);
    await service.apply('sales', { type: 'accept', offerId: REQUEST, agent: 'alice' });
    await service.apply('sales', { type: 'roomCreated', offerId: REQUEST });
    handed = [];
  });

  afterEach(async () => {
    await store.close();
  });

  it('when alice moves the chat to billing, then in one write sales loses the chat, billing queues it with its room and offers it to dave, and the ask record follows', async () => {
    const { result } = await service.apply('sales', { type: 'transferToWorkgroup', offerId: REQUEST, agent: 'alice', workgroup: 'billing' });
    assert.deepEqual(result, { kind: 'moved' });
    assert.deepEqual((await service.get('sales')).state.chats, {});
    const billing = (await service.get('billing')).state;
    assert.deepEqual(billing.queue.map((r) => [r.requestId, r.previousAgent, r.offers.map((o) => o.agent)]), [[REQUEST, 'alice', ['dave']]]);
    assert.equal((await store.collection<AskRecord>(ASKS_COLLECTION).get(REQUEST))?.workgroup, 'billing');
    assert.deepEqual(handed.map((h) => h.wg), ['billing'], 'sales had nothing to tell (its queue is unchanged)');
    const offers = handed[0]?.effects.filter((e) => e.type === 'sendOffer').map((e) => e.type === 'sendOffer' && e.agent);
    assert.deepEqual(offers, ['dave']);
    assert.ok(!handed.some((h) => h.effects.some((e) => e.type === 'destroyRoom')), 'the room stays');
  });

  const refusals: Array<{ name: string; target: string; prepare?: (s: WorkgroupService) => Promise<unknown>; refusal: string }> = [
    { name: 'billing is closed', target: 'billing', prepare: (s) => s.configure('billing', { open: false }), refusal: 'closed' },
    { name: 'the workgroup does not exist', target: 'nowhere', refusal: 'not-found' },
  ];
  for (const c of refusals) {
    it(`when ${c.name}, then the transfer is refused (${c.refusal}), nothing is written and the chat stays alice's`, async () => {
      await c.prepare?.(service);
      handed = [];
      const sales = await service.get('sales');
      const { result } = await service.apply('sales', { type: 'transferToWorkgroup', offerId: REQUEST, agent: 'alice', workgroup: c.target });
      assert.deepEqual(result as TransferResult, { kind: 'refused', refusal: c.refusal });
      assert.deepEqual((await service.get('sales')).state, sales.state);
      assert.equal((await store.collection<AskRecord>(ASKS_COLLECTION).get(REQUEST))?.workgroup, 'sales');
      assert.deepEqual(handed, []);
    });
  }
});
