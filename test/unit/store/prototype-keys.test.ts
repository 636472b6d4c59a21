/**
 * The store is safe for any key (issue #19 item 8): record ids and keys inside values named
 * `__proto__`, `constructor`, `prototype` (and Object.prototype's other members) are stored,
 * listed, updated, deleted and read back as plain data on the memory and embedded backends
 * (the embedded one across a reopen: snapshot and journal), and on Redis where it is installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore, createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { storeBackends } from '../../kit/store-backends.js';

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];

/** A value whose own keys are the inherited names (JSON.parse makes `__proto__` an own key). */
const hostileValue = (): Record<string, unknown> => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"toString":"s","n":1}') as Record<string, unknown>;

async function roundTrip(s: Store): Promise<void> {
  const c = s.collection<Record<string, unknown>>('userProperties');
  for (const id of KEYS) await c.put(id, { id, nested: hostileValue() });
  for (const id of KEYS) {
    const read = await c.get(id);
    assert.ok(read, `record ${id} reads back`);
    assert.equal(Object.getPrototypeOf(read), Object.prototype, `record ${id} is a plain object`);
    assert.equal(read.id, id);
    assert.deepEqual(Object.keys(read.nested as object), ['__proto__', 'constructor', 'toString', 'n']);
  }
  assert.deepEqual((await c.list()).map(([id]) => id), [...KEYS].sort());
  assert.deepEqual((await c.entries()).map(([id]) => id), [...KEYS].sort());
  assert.equal(await c.get('__lookupGetter__'), undefined, 'an inherited name never written reads as absent');
  assert.equal(await c.getVersioned('isPrototypeOf'), undefined);
  assert.equal(await c.delete('propertyIsEnumerable'), false);
  await c.update('constructor', (old) => ({ ...(old ?? {}), n: 2 }));
  assert.equal((await c.get('constructor'))?.n, 2);
  assert.equal(await c.delete('__proto__'), true);
  assert.equal(await c.get('__proto__'), undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
}

describe('store: ids and value keys named like Object.prototype members', () => {
  it('when the memory store keeps them, then every operation treats them as plain data', async () => {
    await roundTrip(createMemoryStore({ clock: createFakeClock() }));
  });

  for (const [how, compactAfterBytes] of [['from its journal', undefined], ['from a snapshot (compacted after every batch)', 1]] as const) {
    it(`when the embedded store keeps them, then they survive a reopen ${how}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ofgate-proto-'));
      try {
        const clock = createFakeClock(Date.now());
        const first = await createEmbeddedStore({ dir, clock, ...(compactAfterBytes ? { compactAfterBytes } : {}) });
        await roundTrip(first);
        await first.close();
        const again = await createEmbeddedStore({ dir, clock });
        const c = again.collection<Record<string, unknown>>('userProperties');
        assert.deepEqual((await c.list()).map(([id]) => id), KEYS.filter((k) => k !== '__proto__').sort());
        assert.equal((await c.get('constructor'))?.n, 2);
        assert.deepEqual(Object.keys((await c.get('prototype'))?.nested as object), ['__proto__', 'constructor', 'toString', 'n']);
        await again.close();
        if (compactAfterBytes) assert.ok(readdirSync(dir).some((f) => /^store-snapshot\.\d+\.json$/.test(f) && !f.endsWith('.1.json')), 'a snapshot was written');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const backend of storeBackends({ redisName: 'redis store', connections: ['one'] as const, keyPrefix: 'ofgate-proto-' }).slice(1)) {
    describe(backend.name, () => {
      before(() => backend.before());
      after(() => backend.after());
      it('when Redis keeps them, then every operation treats them as plain data', async () => {
        const [s] = await backend.open();
        await roundTrip(s);
      });
    });
  }
});
