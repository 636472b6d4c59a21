import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore, createMemoryStore, type Store } from '../../gateway/store/index.js';

const dirs: string[] = [];
const impls: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  [
    'lowdb',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ofgate-store-'));
      dirs.push(dir);
      return createLowdbStore(join(dir, 'state.json'));
    },
  ],
];

after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

for (const [name, make] of impls) {
  describe(`store contract: ${name}`, () => {
    it('when a value is put, then get returns an equal copy that does not alias it', async () => {
      const s = await make();
      const c = s.collection<{ a: number[] }>('mappings');
      const v = { a: [1] };
      await c.put('k', v);
      v.a.push(2);
      assert.deepEqual(await c.get('k'), { a: [1] });
      await s.close();
    });

    it('when update runs concurrently, then no increment is lost', async () => {
      const s = await make();
      const c = s.collection<number>('fastpath');
      await Promise.all(Array.from({ length: 50 }, () => c.update('n', (old) => (old ?? 0) + 1)));
      assert.equal(await c.get('n'), 50);
      await s.close();
    });

    it('when update returns undefined, then the entry is deleted', async () => {
      const s = await make();
      const c = s.collection<string>('rooms');
      await c.put('r', 'x');
      await c.update('r', () => undefined);
      assert.equal(await c.get('r'), undefined);
      assert.equal(await c.delete('r'), false);
      await s.close();
    });

    it('when entries are listed, then every id appears once', async () => {
      const s = await make();
      const c = s.collection<string>('systemProperties');
      await c.put('a', '1');
      await c.put('b', '2');
      assert.deepEqual((await c.entries()).sort(), [['a', '1'], ['b', '2']]);
      await s.close();
    });
  });
}

describe('store: lowdb persistence', () => {
  it('when the store is reopened, then the values written before are there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofgate-store-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const s1 = await createLowdbStore(file);
    await s1.collection<string>('userProperties').put('alice', 'v <&> ✓');
    await s1.close();
    const s2 = await createLowdbStore(file);
    assert.equal(await s2.collection<string>('userProperties').get('alice'), 'v <&> ✓');
  });
});
