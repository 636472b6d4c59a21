/**
 * Click-to-chat's state in the store: each change one atomic update of one record, so two
 * services on one store (two instances) racing never put two clients into one slot; effects are
 * those of the committed run only, handed on after the write; a step that changes nothing writes
 * nothing. On the memory store, and on the embedded one through a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLICKTOCHAT_COLLECTION, createPairingService } from '../../../gateway/clicktochat/pairing-service.js';
import type { Effect } from '../../../gateway/clicktochat/machine/index.js';
import { createEmbeddedStore, createMemoryStore, KEEP, type Collection, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const AGENTS = ['a@hd', 'b@hd', 'c@hd'];

function service(store: Store, effects: Effect[] = []) {
  return createPairingService({ store, clock: createFakeClock(), rules: { maxSessions: 2 }, onEffects: async (e) => void effects.push(...e) });
}

describe('clicktochat pairing service', () => {
  it('when 20 registers race on two services sharing a store, then exactly maxSessions per agent are paired and each client once', async () => {
    const store = createMemoryStore();
    const [one, two] = [service(store), service(store)];
    for (const agent of AGENTS) await one.apply({ type: 'agentOnline', agent });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? one : two).apply({ type: 'reserve', client: `k${i}@cl`, available: AGENTS, address: null, maxPerAddress: null })));
    const paired = results.filter((r) => r.kind === 'paired').map((r) => (r.kind === 'paired' ? r.agent : ''));
    assert.equal(paired.length, 6);
    for (const agent of AGENTS) assert.equal(paired.filter((a) => a === agent).length, 2);
    assert.equal(results.filter((r) => r.kind === 'nobody-available').length, 14);
    const state = await two.read();
    assert.equal(Object.keys(state.clients).length, 6);
  });

  it('when a step is retried after a concurrent write, then only the committed run\'s effects are handed on', async () => {
    const real = createMemoryStore();
    const effects: Effect[] = [];
    const other = service(real);
    // a store whose first update lets another instance write between its read and its write
    let interfere: (() => Promise<void>) | undefined;
    const racing: Store = {
      ...real,
      collection<T>(name: string): Collection<T> {
        const c = real.collection<T>(name);
        const update: Collection<T>['update'] = async (id, fn, opts) => {
          for (;;) {
            const v = await c.getVersioned(id);
            const next = fn(v?.value);
            if (next === KEEP) return v?.value;
            const run = interfere;
            interfere = undefined;
            await run?.();
            if (await c.compareAndSet(id, v?.version ?? 0, next, opts)) return next;
          }
        };
        return { ...c, update };
      },
    };
    const s = service(racing, effects);
    for (const agent of ['a@hd', 'b@hd']) await s.apply({ type: 'agentOnline', agent });
    for (const k of ['k1@cl', 'k2@cl']) {
      await s.apply({ type: 'reserve', client: k, available: ['a@hd', 'b@hd'], address: null, maxPerAddress: null });
      await s.apply({ type: 'confirm', client: k });
    }
    assert.deepEqual(Object.fromEntries(Object.entries((await s.read()).clients).map(([c, r]) => [c, r.agent])), { 'k1@cl': 'b@hd', 'k2@cl': 'a@hd' });
    effects.length = 0;
    // b leaves: the first run hands k1 to a; meanwhile another instance fills a's last slot
    interfere = async () => {
      await other.apply({ type: 'reserve', client: 'k3@cl', available: ['a@hd'], address: null, maxPerAddress: null });
    };
    await s.apply({ type: 'agentOffline', agent: 'b@hd', available: ['a@hd'] });
    assert.deepEqual(effects.map((e) => `${e.type} ${e.client}`), ['unlink k1@cl', 'unpaired k1@cl']);
    assert.deepEqual(Object.fromEntries(Object.entries((await s.read()).clients).map(([c, r]) => [c, r.agent])), { 'k1@cl': null, 'k2@cl': 'a@hd', 'k3@cl': 'a@hd' });
  });

  it('when a step changes nothing, then nothing is written', async () => {
    const store = createMemoryStore();
    const s = service(store);
    await s.apply({ type: 'agentOnline', agent: 'a@hd' });
    const before = await store.collection(CLICKTOCHAT_COLLECTION).getVersioned('pairs');
    await s.apply({ type: 'release', client: 'nobody@cl' });
    await s.apply({ type: 'agentOnline', agent: 'a@hd' });
    assert.equal((await store.collection(CLICKTOCHAT_COLLECTION).getVersioned('pairs'))?.version, before?.version);
    assert.equal((await store.collection(CLICKTOCHAT_COLLECTION).getVersioned('nothing')), undefined);
  });

  it('when the embedded store is reopened, then the queue order and the pairs are as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofgate-ctc-'));
    try {
      const first = await createEmbeddedStore({ dir });
      const s = service(first);
      for (const agent of AGENTS) await s.apply({ type: 'agentOnline', agent });
      await s.apply({ type: 'reserve', client: 'k1@cl', available: AGENTS, address: null, maxPerAddress: null });
      await s.apply({ type: 'confirm', client: 'k1@cl' });
      const before = await s.read();
      await first.close();
      const again = await createEmbeddedStore({ dir });
      try {
        assert.deepEqual(await service(again).read(), before);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
