import assert from 'node:assert/strict';
import { createMemoryStore, StoreUsageError } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', () => {
  const clock = createFakeClock(Date.now());
  return {
    open: async () => createMemoryStore({ clock }),
    ttlMs: 1000,
    pass: async (ms) => clock.advance(ms),
  };
});

describe('store: memory', () => {
  it('when the store is closed, then calls are refused', async () => {
    const s = createMemoryStore();
    await s.close();
    await assert.rejects(s.collection('a').get('x'), StoreUsageError);
  });

});
