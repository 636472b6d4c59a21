/**
 * The pool kept in the store, on memory and on Redis (two "instances" over one Redis): every
 * change one atomic step (racing requests never share a room, racing takes never share one),
 * effects handed on only for the write that won, the archive moving rooms to the history in the
 * same write, and settings changed by the API kept over a changed configuration.
 */
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, type Effect } from '../../../gateway/roompool/machine/index.js';
import { createPoolService, type PoolService } from '../../../gateway/roompool/pool-service.js';
import type { Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { storeBackends } from '../../kit/store-backends.js';

/** Two handles on one store (two instances in shared mode; the same store twice in memory). */
const BACKENDS = storeBackends({ redisName: 'Redis store, two instances', connections: ['roompool-a', 'roompool-b'], keyPrefix: 'rp' });
const settings = { ...DEFAULT_SETTINGS, enabled: true };

for (const backend of BACKENDS) {
  describe(`room pool service (${backend.name})`, function () {
    this.timeout(20_000);
    before(async () => backend.before());
    after(async () => backend.after());

    let a: PoolService;
    let b: PoolService;
    let effects: Effect[];
    let store: Store;
    beforeEach(async () => {
      const [s1, s2] = await backend.open();
      store = s1;
      effects = [];
      const clock = createFakeClock(Date.parse('2024-03-04T10:00:00Z'));
      const make = (store: Store) => createPoolService({ store, clock, site: 'site', defaults: settings, onEffects: (e) => void effects.push(...e) });
      a = make(s1);
      b = make(s2);
    });

    async function waitingRoom(svc: PoolService, staff: string, n: number): Promise<string> {
      const name = `site_${String(n).padStart(64, '0')}.0`;
      const t = await svc.apply({ type: 'take', staff, roomType: 'one2one', priority: 10, department: null, invitee: null, fresh: { name, type: 'one2one', password: `pw${n}` } });
      assert.equal(t.result.kind, 'taken');
      await svc.apply({ type: 'join', room: name, jid: `${staff}/r`, nick: null });
      return name;
    }

    it('when 12 clients ask at once through two instances for 3 waiting rooms, then each room is reserved for exactly one and 9 wait in order', async () => {
      const rooms = [await waitingRoom(a, 's1@x', 1), await waitingRoom(b, 's2@x', 2), await waitingRoom(a, 's3@x', 3)];
      const asks = Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).apply({ type: 'request', ticket: `t${i}`, client: `c${i}@x`, department: null }));
      const results = (await Promise.all(asks)).map((r) => r.result);
      const reserved = results.filter((r) => r.kind === 'reserved').map((r) => (r.kind === 'reserved' ? r.room : ''));
      assert.deepEqual([...reserved].sort(), [...rooms].sort());
      const state = await a.state();
      assert.equal(state.queue.length, 9);
      // each queued answer's position is its place in the committed order
      const positionOf = new Map(results.flatMap((r) => (r.kind === 'queued' ? [[r.ticket, r.position] as const] : [])));
      assert.deepEqual(state.queue.map((t) => positionOf.get(t.id)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(effects.filter((e) => e.type === 'matched').length, 3, 'one match effect per room: only the winning writes hand effects on');
    });

    it('when two staff take the last stock room at once, then one gets it and the other is told none', async () => {
      await a.apply({ type: 'roomCreated', room: { name: 'site_last.0', type: 'one2one', password: 'p' } });
      const take = (svc: PoolService, staff: string) => svc.apply({ type: 'take', staff, roomType: 'one2one', priority: 10, department: null, invitee: null, fresh: null });
      const kinds = (await Promise.all([take(a, 'x@x'), take(b, 'y@x')])).map((r) => r.result.kind).sort();
      assert.deepEqual(kinds, ['none', 'taken']);
    });

    it('when a destroyed room is archived, then it leaves the pool and is in the history in the same write; a live one stays', async () => {
      const gone = await waitingRoom(a, 's1@x', 1);
      const live = await waitingRoom(a, 's2@x', 2);
      await a.apply({ type: 'close', room: gone, reason: 'bye' });
      assert.deepEqual(await b.archive([gone, live]), [gone]);
      assert.equal((await a.state()).rooms[gone], undefined);
      assert.equal((await a.state()).rooms[live]?.status, 'staffWaiting');
      const h = await b.archived(gone);
      assert.deepEqual([h?.room.status, h?.room.closeReason], ['destroyed', 'bye']);
      assert.deepEqual((await a.history(undefined, 10)).map((x) => x.room.name), [gone]);
    });

    it('when the API changed a setting, then it holds over the configuration\'s value; other fields follow the configuration', async () => {
      assert.equal((await a.apply({ type: 'settings', patch: { poolSize: 3 } })).result.kind, 'ok');
      // the next start, with another configuration
      const restarted = createPoolService({ store, clock: createFakeClock(), site: 'site', defaults: { ...settings, poolSize: 7, maxQueue: 5 }, onEffects: () => undefined });
      const s = (await restarted.state()).settings;
      assert.deepEqual([s.poolSize, s.maxQueue], [3, 5]);
      assert.equal((await restarted.apply({ type: 'settings', patch: { poolSize: -1 } })).result.kind, 'invalid');
      assert.equal((await restarted.state()).settings.poolSize, 3, 'a refused change changes nothing');
    });
  });
}
