import assert from 'node:assert/strict';
import { createInstanceRegistry, isInstanceId, newInstanceId, type InstanceRegistry } from '../../../gateway/cluster/index.js';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const TTL = 3_000;

describe('instance registry', () => {
  let clock: FakeClock;
  let store: Store;
  let started: InstanceRegistry[];
  const start = async (id: string, c: FakeClock = clock): Promise<InstanceRegistry> => {
    const r = createInstanceRegistry({ store, instanceId: id, advertiseUrl: `http://${id}.internal:7070`, clock: c, ttlMs: TTL });
    started.push(r);
    await r.start();
    return r;
  };

  beforeEach(() => {
    clock = createFakeClock();
    store = createMemoryStore({ clock });
    started = [];
  });
  afterEach(async () => {
    for (const r of started) await r.stop();
  });

  it('when instances start, then each is alive, listed in id order and reachable at its advertised url', async () => {
    const b = await start('node-b');
    await start('node-a');
    assert.equal(await b.alive('node-a'), true);
    assert.equal(await b.urlOf('node-a'), 'http://node-a.internal:7070');
    assert.deepEqual((await b.list()).map((i) => i.id), ['node-a', 'node-b']);
    assert.equal(await b.alive('node-c'), false);
    assert.equal(await b.urlOf('node-c'), undefined);
  });

  it('when an instance keeps beating, then it stays alive past many ttls', async () => {
    const a = await start('node-a');
    for (let i = 0; i < 30; i++) {
      clock.advance(TTL / 3);
      await a.heartbeat();
    }
    assert.equal(await a.alive('node-a'), true);
  });

  it('when an instance dies (no more beats), then it drops out ttl after its last beat', async () => {
    const a = await start('node-a');
    await start('node-b', createFakeClock(clock.now())); // its clock never moves: it never beats again
    clock.advance(TTL - 1);
    assert.equal(await a.alive('node-b'), true);
    clock.advance(1);
    assert.equal(await a.alive('node-b'), false);
    assert.deepEqual((await a.list()).map((i) => i.id), ['node-a']);
  });

  it('when an instance stops, then it is gone at once', async () => {
    const a = await start('node-a');
    const b = await start('node-b');
    await b.stop();
    assert.equal(await a.alive('node-b'), false);
  });

  it('when an id is not letters, digits and dashes, then the registry refuses it', () => {
    assert.throws(() => createInstanceRegistry({ store, instanceId: 'a b', advertiseUrl: 'http://x', clock, ttlMs: TTL }), /instance id/);
  });
});

describe('instance ids', () => {
  const cases: Array<[string, boolean]> = [['node-1', true], ['A', true], ['', false], ['a:b', false], ['a/b', false], ['x'.repeat(64), true], ['x'.repeat(65), false]];
  for (const [id, ok] of cases) {
    it(`when the id is ${JSON.stringify(id.length > 10 ? `${id.length} characters` : id)}, then it is ${ok ? '' : 'not '}an instance id`, () => {
      assert.equal(isInstanceId(id), ok);
    });
  }

  it('when ids are generated, then they are instance ids with the prefix and differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newInstanceId('gw')));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^gw-[0-9a-z]{12}$/);
  });
});
