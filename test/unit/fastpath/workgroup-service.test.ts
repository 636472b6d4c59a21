/**
 * The workgroup service over a real memory store: create, replace members, delete, read, the
 * 400/404/409 refusals, effects handed on from the committed run only, and two service
 * instances writing one workgroup at once without losing each other's changes.
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { createWorkgroupService, WORKGROUP_COLLECTION, type Effect, type WorkgroupRecord, type WorkgroupService } from '../../../gateway/fastpath/index.js';
import { step } from '../../../gateway/fastpath/machine/index.js';
import { createMemoryStore, type Collection, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

async function refused(p: Promise<unknown>, status: number, resource?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isGatewayError(e), String(e));
    assert.equal(e.status, status);
    if (resource !== undefined) assert.equal(e.resource, resource);
    return true;
  });
}

/** Marks `agent` available in workgroup `name`, as a later slice's agent route will (a step inside update). */
async function makeAvailable(store: Store, name: string, agent: string, now: number): Promise<void> {
  await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).update(name, (old) => (old ? { ...old, state: step(old.state, { type: 'agentAvailable', agent }, now).state } : undefined));
}

describe('fastpath workgroup service', () => {
  const clock = createFakeClock();
  let store: Store;
  let handed: Array<readonly Effect[]>;
  let service: WorkgroupService;
  const another = (): WorkgroupService => createWorkgroupService({ store, clock, onEffects: (_wg, e) => void handed.push(e) });

  beforeEach(() => {
    store = createMemoryStore({ clock });
    handed = [];
    service = another();
  });

  afterEach(async () => {
    await store.close();
  });

  it('when a workgroup is created, then it is stored with its description, members in order and default settings, and listed', async () => {
    await service.create('Sales', 'Sales desk', ['bob', 'Alice', 'bob']);
    const r = await service.get('sales');
    assert.equal(r.description, 'Sales desk');
    assert.equal(r.state.name, 'sales');
    assert.deepEqual(r.state.members, ['bob', 'alice']);
    assert.deepEqual(Object.keys(r.state.agents), ['bob', 'alice']);
    assert.equal(r.state.settings.offerTimeoutMs, 20_000);
    await service.create('support', undefined, []);
    assert.deepEqual((await service.list()).map((w) => [w.state.name, w.description]), [['sales', 'Sales desk'], ['support', '']]);
  });

  it('when the settings defaults are given, then a new workgroup takes them over the machine\'s', async () => {
    const s = createWorkgroupService({ store, clock, onEffects: () => undefined, defaults: { offerTimeoutMs: 5_000, maxChatsPerAgent: 2 } });
    const r = await s.create('desk', '', []);
    assert.equal(r.state.settings.offerTimeoutMs, 5_000);
    assert.equal(r.state.settings.maxChatsPerAgent, 2);
    assert.equal(r.state.settings.requestTimeoutMs, 240_000);
  });

  it('when a workgroup is created twice (also in different case), then the second is 409 and the first is kept', async () => {
    await service.create('desk', 'first', ['a']);
    await refused(service.create('DESK', 'second', ['b']), 409);
    assert.equal((await service.get('desk')).description, 'first');
  });

  it('when two instances create the same workgroup at once, then one succeeds and the other gets 409', async () => {
    const results = await Promise.allSettled([service.create('race', 'one', []), another().create('race', 'two', [])]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  });

  it('when a name, member or description is bad, then 400 names the field and nothing is stored', async () => {
    await refused(service.create('', 'x', []), 400, 'name');
    await refused(service.create('a b', 'x', []), 400, 'name');
    await refused(service.create('sales@workgroup', 'x', []), 400, 'name');
    await refused(service.create("o'neil", 'x', []), 400, 'name');
    await refused(service.create('ok', 'x', ['bad/name']), 400, 'members');
    await refused(service.create('ok', 'x'.repeat(5000), []), 400, 'description');
    assert.deepEqual(await service.list(), []);
  });

  it('when names hold non-ASCII letters, then they are accepted', async () => {
    await service.create('Zoë-Kundendienst', 'ü', ['jürgen']);
    assert.deepEqual((await service.get('zoë-kundendienst')).state.members, ['jürgen']);
  });

  it('when members are replaced, then the list is the new one, kept agents keep their state and the effects are handed on', async () => {
    await service.create('desk', '', ['alice', 'bob']);
    await makeAvailable(store, 'desk', 'alice', clock.now());
    await service.setMembers('desk', ['alice', 'carol']);
    const r = await service.get('desk');
    assert.deepEqual(r.state.members, ['alice', 'carol']);
    assert.equal(r.state.agents.alice?.choice, 'available');
    assert.equal(r.state.agents.carol?.choice, 'auto');
    assert.equal(r.state.agents.bob, undefined);
    assert.deepEqual(handed.map((e) => e.map((x) => x.type)), [['notifyAgents']]);
  });

  it('when the members are set to what they are, then nothing is written and no effect is handed on', async () => {
    await service.create('desk', '', ['alice']);
    await service.setMembers('desk', ['alice']);
    assert.deepEqual(handed, []);
  });

  it('when an unknown workgroup is read, changed or deleted, then 404', async () => {
    await refused(service.get('nope'), 404);
    await refused(service.setMembers('nope', ['a']), 404);
    await refused(service.delete('nope'), 404);
    assert.deepEqual(await service.list(), []);
  });

  it('when a workgroup is deleted, then it is gone, and its deletion\'s effects are handed on', async () => {
    await service.create('desk', '', ['alice']);
    await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).update('desk', (old) =>
      old ? { ...old, state: step(old.state, { type: 'join', requestId: 'r1', userId: 'ann', visitor: 'ann', metadata: {} }, clock.now()).state } : undefined);
    await service.delete('Desk');
    assert.deepEqual(handed.flat().map((e) => (e.type === 'departQueue' ? `${e.type} ${e.request.userId} ${e.reason}` : e.type)), ['cancelDeadline', 'departQueue ann agent-not-found']);
    await refused(service.get('desk'), 404);
    assert.deepEqual(await service.list(), []);
    await service.create('desk', 'again', []);
    assert.equal((await service.get('desk')).description, 'again');
  });

  it('when the update function runs again after a conflict, then only the committed run\'s effects are handed on', async () => {
    await service.create('desk', '', ['alice', 'bob']);
    const records = store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION);
    // a store whose update first runs fn on a state where alice is available (then loses the race), then for real
    const stale = await records.get('desk');
    assert.ok(stale);
    const availableState = step(stale.state, { type: 'agentAvailable', agent: 'alice' }, clock.now()).state;
    const racing: Store = {
      ...store,
      collection: <T>(name: string): Collection<T> => {
        const c = store.collection<T>(name);
        const update: Collection<T>['update'] = async (id, fn, opts) => {
          fn({ ...stale, state: availableState } as unknown as T);
          return c.update(id, fn, opts);
        };
        return { ...c, get: c.get.bind(c), list: c.list.bind(c), update };
      },
      transact: store.transact.bind(store),
      close: store.close.bind(store),
    };
    const s = createWorkgroupService({ store: racing, clock, onEffects: (_wg, e) => void handed.push(e) });
    await s.setMembers('desk', ['bob']);
    // the discarded run would have notified alice; the committed one (no one available) has nothing to say
    assert.deepEqual(handed, []);
    assert.deepEqual((await service.get('desk')).state.members, ['bob']);
  });

  it('when two instances replace members while agents change state, then no write overwrites another\'s change', async () => {
    await service.create('desk', '', ['alice', 'bob', 'carol']);
    const other = another();
    const lists = [['alice', 'bob'], ['alice', 'carol'], ['alice', 'bob', 'carol']];
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 30; i++) {
      writes.push((i % 2 === 0 ? service : other).setMembers('desk', lists[i % 3] as string[]));
      if (i === 10) writes.push(makeAvailable(store, 'desk', 'alice', clock.now()));
    }
    await Promise.all(writes);
    const r = await service.get('desk');
    assert.ok(lists.some((l) => JSON.stringify(l) === JSON.stringify(r.state.members)), JSON.stringify(r.state.members));
    assert.deepEqual(Object.keys(r.state.agents), r.state.members);
    assert.equal(r.state.agents.alice?.choice, 'available', 'alice\'s availability, written between member changes, survived every later write');
  });
});
