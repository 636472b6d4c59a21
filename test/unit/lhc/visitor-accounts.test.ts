/**
 * The visitor account records and their sweep (store: the memory backend; ejabberd faked at its
 * port): only visitor.<digit>… accounts are recorded, those idle past the limit are removed
 * (an account already gone counts as removed), a failing removal is kept for the next sweep.
 */
import assert from 'node:assert/strict';
import { GatewayError } from '../../../gateway/errors/index.js';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { createVisitorAccounts, LHC_VISITOR_ACCOUNTS } from '../../../gateway/lhc/visitor-accounts.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';

const DAY = 86_400_000;

describe('LHC visitor accounts sweep', () => {
  it('when accounts are idle past the limit, then the sweep removes them in ejabberd and in the store', async () => {
    const store = createMemoryStore();
    let now = 1_000 * DAY;
    const removed: string[] = [];
    const backend = {
      async unregisterUser(user: string) {
        if (user === 'visitor.3.gone') throw new GatewayError('not-found', 'no such user');
        if (user === 'visitor.4.flaky') throw new GatewayError('upstream-unavailable', 'ejabberd down');
        removed.push(user);
      },
    } as unknown as EjabberdBackend;
    const accounts = createVisitorAccounts({ store, now: () => now, maxIdleMs: 7 * DAY, backendOf: () => backend, log: silentLogger });
    for (const u of ['visitor.1', 'visitor.2.chat', 'visitor.3.gone', 'visitor.4.flaky', 'remdex2']) await accounts.touch(u, 'example.org');
    now += 3 * DAY;
    await accounts.touch('visitor.2.chat', 'example.org'); // used again: stays
    now += 5 * DAY;
    assert.equal(await accounts.sweep(), 2);
    assert.deepEqual(removed, ['visitor.1']);
    const left = (await store.collection(LHC_VISITOR_ACCOUNTS).entries()).map(([id]) => id).sort();
    assert.deepEqual(left, ['visitor.2.chat@example.org', 'visitor.4.flaky@example.org']);
    await store.close();
  });
});
