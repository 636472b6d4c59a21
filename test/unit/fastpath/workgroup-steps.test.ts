/**
 * The workgroup service's steps beyond create/read/delete, on the memory store and on a real
 * Redis (the transactional ones matter most there): `apply` (404 for an unknown workgroup,
 * effects handed on per workgroup), a visitor's `join` with its ask records in one write and
 * the one-ask-per-userID rule (refused while the earlier request is live, accepted when its
 * record is stale), the request timeout that overflows in one write (or departs the visitor
 * when the target is closed, full or missing), the member index (`workgroupsOf`) and its
 * `repair()`, and `configure` (400 naming the field; the identity secret stored and removed).
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { ASK_USERS_COLLECTION, ASKS_COLLECTION, type AskRecord, type AskUserRecord } from '../../../gateway/fastpath/ask-records.js';
import type { Effect, JoinEvent, WorkgroupSettings } from '../../../gateway/fastpath/machine/index.js';
import { createWorkgroupService, MEMBERS_COLLECTION, WORKGROUP_COLLECTION, type WorkgroupRecord, type WorkgroupService } from '../../../gateway/fastpath/workgroup-service.js';
import type { RecordWrite, Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { storeBackends } from '../../kit/store-backends.js';

const DOMAIN = 'example.org';

async function refused(p: Promise<unknown>, status: number, resource?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isGatewayError(e), String(e));
    assert.equal(e.status, status, e.message);
    if (typeof resource === 'string') assert.equal(e.resource, resource, e.message);
    else if (resource) assert.match(e.resource ?? '', resource, e.message);
    return true;
  });
}

/** The store as given, recording the writes of each transaction that committed (the last run of its function). */
function recording(store: Store): { store: Store; transactions: Array<readonly RecordWrite[]> } {
  const transactions: Array<readonly RecordWrite[]> = [];
  return {
    transactions,
    store: {
      collection: (name) => store.collection(name),
      close: () => store.close(),
      async transact(keys, fn) {
        let last: readonly RecordWrite[] = [];
        const r = await store.transact(keys, (current) => {
          const plan = fn(current);
          last = plan.writes;
          return plan;
        });
        transactions.push(last);
        return r;
      },
    },
  };
}

const BACKENDS = storeBackends({ redisName: 'Redis store', connections: ['workgroup-steps-test'], keyPrefix: 't' });

for (const backend of BACKENDS) {
  describe(`fastpath workgroup steps (${backend.name})`, function () {
    this.timeout(10_000);
    const clock = createFakeClock(Date.parse('2024-03-04T10:00:00Z'));
    let store: Store;
    let transactions: Array<readonly RecordWrite[]>;
    let handed: Array<{ workgroup: string; effects: readonly Effect[] }>;
    let service: WorkgroupService;

    const ask = (requestId: string, userId: string, workgroup: string): AskRecord => ({
      requestId,
      userId,
      workgroup,
      account: `fpv-${requestId}`,
      streamId: `stream-${requestId}`,
      fields: { workgroup, userID: userId, emailAddress: `${userId}@example.com`, question: 'help?' },
      identity: null,
      askedAt: clock.now(),
      endedAt: null,
    });
    const joinOf = (requestId: string, userId: string): JoinEvent => ({ type: 'join', requestId, userId, visitor: `fpv-${requestId}@${DOMAIN}`, metadata: { username: userId, question: 'help?' } });
    const asks = () => store.collection<AskRecord>(ASKS_COLLECTION);
    const askUsers = () => store.collection<AskUserRecord>(ASK_USERS_COLLECTION);
    const state = async (name: string) => (await service.get(name)).state;
    const queued = async (name: string) => (await state(name)).queue.map((r) => r.requestId);
    const types = (effects: readonly Effect[]) => effects.map((e) => e.type);
    /** The request-timeout deadline of a queued request, as its schedule effect named it. */
    const timeoutOf = async (name: string, requestId: string) => {
      const r = (await state(name)).queue.find((q) => q.requestId === requestId);
      assert.ok(r, `${requestId} waits in ${name}`);
      return { type: 'deadline' as const, deadline: { kind: 'requestTimeout' as const, requestId, requestSeq: r.seq } };
    };
    const create = async (name: string, members: string[] = [], settings: Partial<WorkgroupSettings> = {}) => {
      await service.create(name, '', members);
      if (Object.keys(settings).length > 0) await service.configure(name, settings);
    };
    /** Forget what setup handed on and wrote. */
    const mark = () => {
      handed.length = 0;
      transactions.length = 0;
    };

    before(async () => backend.before());
    after(async () => backend.after());
    beforeEach(async () => {
      const [opened] = await backend.open();
      const r = recording(opened);
      store = r.store;
      transactions = r.transactions;
      handed = [];
      service = createWorkgroupService({ store, clock, domain: DOMAIN, onEffects: (workgroup, effects) => void handed.push({ workgroup, effects }) });
    });
    afterEach(async () => store.close());

    describe('apply', () => {
      it('when the workgroup does not exist, then 404 and nothing is written', async () => {
        await refused(service.apply('nope', { type: 'reconcile' }), 404, 'nope');
        await refused(service.apply('nope', { type: 'agentAvailable', agent: 'alice' }), 404);
        assert.deepEqual(await service.list(), []);
        assert.deepEqual(handed, []);
      });

      it('when the name is bad, then 400 naming it', async () => {
        await refused(service.apply('a b', { type: 'reconcile' }), 400, 'name');
      });

      it('when an event is applied (name in any case), then the result and the new state come back and the effects are handed on for that workgroup', async () => {
        await create('desk', ['alice']);
        mark();
        const out = await service.apply('Desk', { type: 'agentAvailable', agent: 'alice' });
        assert.deepEqual(out.result, { kind: 'ok' });
        assert.equal(out.state.agents.alice?.choice, 'available');
        assert.equal((await state('desk')).agents.alice?.choice, 'available');
        assert.deepEqual(handed.map((h) => [h.workgroup, types(h.effects)]), [['desk', ['notifyAgents']]]);
      });

      it('when an event changes nothing and says nothing, then no effect is handed on', async () => {
        await create('desk', ['alice']);
        mark();
        const out = await service.apply('desk', { type: 'cancel', userId: 'nobody' });
        assert.deepEqual(out.result, { kind: 'not-found' });
        assert.deepEqual(handed, []);
      });
    });

    describe('join', () => {
      it('when a visitor joins, then the workgroup and both ask records are written in one transaction and the effects handed on', async () => {
        await create('desk');
        mark();
        const result = await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        assert.deepEqual(result, { kind: 'queued', requestId: 'req1abc', position: 1, estimatedSeconds: 15 });
        assert.deepEqual(transactions.map((w) => w.map((x) => `${x.collection}/${x.id}`).sort()), [[`${ASK_USERS_COLLECTION}/ann`, `${ASKS_COLLECTION}/req1abc`, `${WORKGROUP_COLLECTION}/desk`]]);
        assert.deepEqual(await queued('desk'), ['req1abc']);
        assert.deepEqual(await askUsers().get('ann'), { requestId: 'req1abc' });
        assert.deepEqual(await asks().get('req1abc'), ask('req1abc', 'ann', 'desk'));
        assert.deepEqual(handed.map((h) => [h.workgroup, types(h.effects)]), [['desk', ['schedule', 'updateQueue']]]);
      });

      it('when the workgroup does not exist, then 404 and no ask record is written', async () => {
        await refused(service.join('nope', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'nope')), 404);
        assert.equal(await askUsers().get('ann'), undefined);
        assert.equal(await asks().get('req1abc'), undefined);
      });

      it('when the workgroup refuses the join (closed), then its answer comes back and nothing is written', async () => {
        await create('desk', [], { open: false });
        mark();
        const result = await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        assert.deepEqual(result, { kind: 'closed', by: 'settings', nextOpening: null });
        assert.deepEqual(transactions.flat(), []);
        assert.equal(await askUsers().get('ann'), undefined);
        assert.equal(await asks().get('req1abc'), undefined);
        assert.deepEqual(handed, []);
      });

      it('when the same userID asks again while its first request waits (in another workgroup), then duplicate-user names the first and nothing is written', async () => {
        await create('desk');
        await create('help');
        await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        mark();
        const again = await service.join('help', joinOf('req2abc', 'ann'), ask('req2abc', 'ann', 'help'));
        assert.deepEqual(again, { kind: 'duplicate-user', requestId: 'req1abc' });
        assert.deepEqual(await queued('help'), []);
        assert.deepEqual(await askUsers().get('ann'), { requestId: 'req1abc' });
        assert.equal(await asks().get('req2abc'), undefined);
        assert.deepEqual(transactions.flat(), []);
        assert.deepEqual(handed, []);
      });

      it('when the same userID asks again in the same workgroup, then duplicate-user too', async () => {
        await create('desk');
        await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        assert.deepEqual(await service.join('desk', joinOf('req2abc', 'ann'), ask('req2abc', 'ann', 'desk')), { kind: 'duplicate-user', requestId: 'req1abc' });
        assert.deepEqual(await queued('desk'), ['req1abc']);
      });

      it('when the first request is in its support room, then the same userID is still refused', async () => {
        await create('desk', ['alice']);
        await service.apply('desk', { type: 'agentAvailable', agent: 'alice' });
        await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        assert.deepEqual((await service.apply('desk', { type: 'accept', offerId: 'req1abc', agent: 'alice' })).result, { kind: 'accepted', requestId: 'req1abc', userId: 'ann' });
        assert.ok('req1abc' in (await state('desk')).chats);
        await create('help');
        assert.deepEqual(await service.join('help', joinOf('req2abc', 'ann'), ask('req2abc', 'ann', 'help')), { kind: 'duplicate-user', requestId: 'req1abc' });
      });

      it('when another userID asks, then it is not a duplicate', async () => {
        await create('desk');
        await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
        assert.equal((await service.join('desk', joinOf('req2abc', 'bob'), ask('req2abc', 'bob', 'desk'))).kind, 'queued');
        assert.deepEqual(await queued('desk'), ['req1abc', 'req2abc']);
      });

      const STALE: Array<[string, (s: { service: WorkgroupService; store: Store }) => Promise<void>]> = [
        ['its workgroup no longer holds the earlier request (it left without its records being cleared)', async ({ service: s }) => {
          await s.apply('desk', { type: 'cancel', userId: 'ann' });
        }],
        ['the earlier request ended', async ({ store: st }) => {
          await st.collection<AskRecord>(ASKS_COLLECTION).update('req1abc', (old) => (old ? { ...old, endedAt: clock.now() } : undefined));
        }],
        ['the earlier request\'s ask record is gone', async ({ store: st }) => {
          await st.collection<AskRecord>(ASKS_COLLECTION).delete('req1abc');
        }],
        ['the earlier request\'s workgroup was deleted', async ({ service: s }) => {
          await s.delete('desk');
        }],
      ];
      for (const [what, makeStale] of STALE) {
        it(`when the userID's record names an earlier request but ${what}, then the new ask is accepted and the record names it`, async () => {
          await create('desk');
          await create('help');
          await service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk'));
          await makeStale({ service, store });
          mark();
          const result = await service.join('help', joinOf('req2abc', 'ann'), ask('req2abc', 'ann', 'help'));
          assert.equal(result.kind, 'queued', JSON.stringify(result));
          assert.deepEqual(await queued('help'), ['req2abc']);
          assert.deepEqual(await askUsers().get('ann'), { requestId: 'req2abc' });
          assert.deepEqual(await asks().get('req2abc'), ask('req2abc', 'ann', 'help'));
          assert.deepEqual(handed.map((h) => h.workgroup), ['help']);
        });
      }

      it('when the same userID asks in two workgroups at once, then exactly one is queued and the other is duplicate-user', async () => {
        await create('desk');
        await create('help');
        const results = await Promise.all([
          service.join('desk', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'desk')),
          createWorkgroupService({ store, clock, domain: DOMAIN, onEffects: () => undefined }).join('help', joinOf('req2abc', 'ann'), ask('req2abc', 'ann', 'help')),
        ]);
        assert.deepEqual(results.map((r) => r.kind).sort(), ['duplicate-user', 'queued']);
        const winner = results.find((r) => r.kind === 'queued');
        assert.ok(winner && winner.kind === 'queued');
        assert.deepEqual(await askUsers().get('ann'), { requestId: winner.requestId });
        assert.deepEqual([...(await queued('desk')), ...(await queued('help'))], [winner.requestId]);
      });
    });

    describe('overflow', () => {
      it('when a request times out in W1 with overflow target W2, then one write moves it to W2 with its ask record, and each workgroup\'s effects are handed on', async () => {
        await create('w1', [], { overflowTarget: 'w2', requestTimeoutMs: 1000 });
        await create('w2');
        await service.join('w1', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'w1'));
        const askedAt = (await state('w1')).queue[0]?.askedAt;
        clock.advance(1000);
        const deadline = await timeoutOf('w1', 'req1abc');
        mark();
        const out = await service.apply('w1', deadline);
        assert.deepEqual(out.result, { kind: 'fired' });
        assert.deepEqual(out.state.queue, []);
        assert.deepEqual(transactions.map((w) => w.map((x) => `${x.collection}/${x.id}`).sort()), [[`${ASKS_COLLECTION}/req1abc`, `${WORKGROUP_COLLECTION}/w1`, `${WORKGROUP_COLLECTION}/w2`]], 'one write over both workgroups and the ask record');
        assert.deepEqual(await queued('w1'), []);
        const moved = (await state('w2')).queue;
        assert.deepEqual(moved.map((r) => [r.requestId, r.userId, r.overflowCount, r.askedAt]), [['req1abc', 'ann', 1, askedAt]]);
        assert.equal((await asks().get('req1abc'))?.workgroup, 'w2');
        assert.deepEqual(await askUsers().get('ann'), { requestId: 'req1abc' });
        assert.deepEqual(handed.map((h) => h.workgroup), ['w1', 'w2']);
        assert.ok(!handed.some((h) => h.effects.some((e) => e.type === 'overflow' || e.type === 'departQueue')), JSON.stringify(handed));
        const there = handed[1]?.effects ?? [];
        assert.deepEqual(types(there), ['schedule', 'updateQueue']);
        assert.deepEqual(there.map((e) => (e.type === 'updateQueue' || e.type === 'schedule' ? [e.type, 'request' in e ? e.request.workgroup : e.key] : [])), [['schedule', 'req1abc'], ['updateQueue', 'w2']]);
      });

      it('when the moved request is still not served in W2 (overflow back to W1), then it moves again (overflowCount 2, 3), and departs after the third move', async () => {
        await create('w1', [], { overflowTarget: 'w2', requestTimeoutMs: 1000 });
        await create('w2', [], { overflowTarget: 'w1', requestTimeoutMs: 1000 });
        await service.join('w1', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'w1'));
        await service.apply('w1', await timeoutOf('w1', 'req1abc'));
        await service.apply('w2', await timeoutOf('w2', 'req1abc'));
        assert.deepEqual(await queued('w2'), []);
        assert.deepEqual((await state('w1')).queue.map((r) => [r.requestId, r.overflowCount]), [['req1abc', 2]]);
        assert.equal((await asks().get('req1abc'))?.workgroup, 'w1');
        await service.apply('w1', await timeoutOf('w1', 'req1abc'));
        assert.deepEqual((await state('w2')).queue.map((r) => [r.requestId, r.overflowCount]), [['req1abc', 3]]);
        mark();
        await service.apply('w2', await timeoutOf('w2', 'req1abc'));
        assert.deepEqual([...(await queued('w1')), ...(await queued('w2'))], [], 'after MAX_OVERFLOWS moves it moves no more');
        assert.deepEqual(handed.flatMap((h) => h.effects).filter((e) => e.type === 'departQueue').map((e) => e.type === 'departQueue' && `${e.request.workgroup} ${e.reason}`), ['w2 agent-not-found']);
      });

      const REFUSING: Array<[string, () => Promise<void>]> = [
        ['closed', () => create('w2', [], { open: false })],
        ['full', async () => {
          await create('w2', [], { maxQueueLength: 1 });
          await service.join('w2', joinOf('req9xyz', 'zed'), ask('req9xyz', 'zed', 'w2'));
        }],
        ['missing', async () => undefined],
      ];
      for (const [what, makeTarget] of REFUSING) {
        it(`when the overflow target is ${what}, then the request leaves W1 and the visitor departs with agent-not-found`, async () => {
          await create('w1', [], { overflowTarget: 'w2', requestTimeoutMs: 1000 });
          await makeTarget();
          await service.join('w1', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'w1'));
          const before = what === 'missing' ? undefined : await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).get('w2');
          mark();
          const out = await service.apply('w1', await timeoutOf('w1', 'req1abc'));
          assert.deepEqual(out.result, { kind: 'fired' });
          assert.deepEqual(await queued('w1'), []);
          assert.deepEqual(await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).get('w2'), before, 'the target is unchanged');
          assert.equal((await asks().get('req1abc'))?.workgroup, 'w1', 'the ask record still names W1');
          assert.deepEqual(handed.map((h) => h.workgroup), ['w1']);
          const departs = (handed[0]?.effects ?? []).filter((e) => e.type === 'departQueue');
          assert.deepEqual(departs, [{ type: 'departQueue', request: { workgroup: 'w1', requestId: 'req1abc', userId: 'ann', visitor: `fpv-req1abc@${DOMAIN}` }, reason: 'agent-not-found' }]);
          assert.ok(!(handed[0]?.effects ?? []).some((e) => e.type === 'overflow'));
        });
      }

      it('when the request-timeout deadline is stale, then nothing moves', async () => {
        await create('w1', [], { overflowTarget: 'w2', requestTimeoutMs: 1000 });
        await create('w2');
        await service.join('w1', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'w1'));
        const d = await timeoutOf('w1', 'req1abc');
        mark();
        const out = await service.apply('w1', { ...d, deadline: { ...d.deadline, requestSeq: d.deadline.requestSeq + 100 } });
        assert.deepEqual(out.result, { kind: 'stale' });
        assert.deepEqual(await queued('w1'), ['req1abc']);
        assert.deepEqual(await queued('w2'), []);
        assert.equal((await asks().get('req1abc'))?.workgroup, 'w1');
        assert.deepEqual(handed, []);
      });

      it('when there is no overflow target, then the timed-out visitor departs with agent-not-found', async () => {
        await create('w1', [], { requestTimeoutMs: 1000 });
        await service.join('w1', joinOf('req1abc', 'ann'), ask('req1abc', 'ann', 'w1'));
        mark();
        await service.apply('w1', await timeoutOf('w1', 'req1abc'));
        assert.deepEqual(await queued('w1'), []);
        assert.deepEqual(handed.flatMap((h) => h.effects).filter((e) => e.type === 'departQueue').map((e) => e.type === 'departQueue' && e.reason), ['agent-not-found']);
      });
    });

    describe('member index', () => {
      it('when workgroups are created, members replaced and a workgroup deleted, then workgroupsOf follows', async () => {
        await service.create('w1', '', ['alice', `Bob@${DOMAIN}`]);
        await service.create('w2', '', ['bob']);
        assert.deepEqual(await service.workgroupsOf('alice'), ['w1']);
        assert.deepEqual(await service.workgroupsOf('bob'), ['w1', 'w2']);
        assert.deepEqual(await service.workgroupsOf('carol'), []);
        await service.setMembers('w1', ['carol', 'bob']);
        assert.deepEqual(await service.workgroupsOf('alice'), []);
        assert.deepEqual(await service.workgroupsOf('carol'), ['w1']);
        assert.deepEqual(await service.workgroupsOf('bob'), ['w1', 'w2']);
        await service.delete('w2');
        assert.deepEqual(await service.workgroupsOf('bob'), ['w1']);
        await service.delete('w1');
        assert.deepEqual(await service.workgroupsOf('bob'), []);
        assert.deepEqual(await store.collection(MEMBERS_COLLECTION).entries(), [], 'no empty index records are left');
      });

      it('when the index is wrong (a crash between writes), then repair() rebuilds it from the workgroups, and again changes nothing', async () => {
        await service.create('w1', '', ['alice', 'bob']);
        await service.create('w2', '', ['bob']);
        const index = store.collection<{ workgroups: string[] }>(MEMBERS_COLLECTION);
        await index.put('alice', { workgroups: ['ghost', 'w1'] });
        await index.delete('bob');
        await index.put('zed', { workgroups: ['w9'] });
        await service.repair();
        const want = [['alice', { workgroups: ['w1'] }], ['bob', { workgroups: ['w1', 'w2'] }]];
        assert.deepEqual(await index.entries(), want);
        await service.repair();
        assert.deepEqual(await index.entries(), want);
        assert.deepEqual(await service.workgroupsOf('zed'), []);
      });
    });

    describe('configure', () => {
      const BAD: Array<[string, Record<string, unknown>, string | RegExp]> = [
        ['offerTimeoutMs 0', { offerTimeoutMs: 0 }, 'offerTimeoutMs'],
        ['requestTimeoutMs over 24 h', { requestTimeoutMs: 86_400_001 }, 'requestTimeoutMs'],
        ['rejectionTimeoutMs as text', { rejectionTimeoutMs: '1000' }, 'rejectionTimeoutMs'],
        ['maxChatsPerAgent negative', { maxChatsPerAgent: -1 }, 'maxChatsPerAgent'],
        ['overflowTarget empty', { overflowTarget: '' }, 'overflowTarget'],
        ['open as text', { open: 'yes' }, 'open'],
        ['routing unknown', { routing: 'random' }, 'routing'],
        ['maxQueueLength 0', { maxQueueLength: 0 }, 'maxQueueLength'],
        ['businessHours in an unknown time zone', { businessHours: { timeZone: 'Mars/Olympus', weekly: [], holidays: [] } }, /^businessHours/],
        ['a good field before a bad one', { open: false, routing: 'random' }, 'routing'],
      ];
      for (const [what, settings, field] of BAD) {
        it(`when the settings hold ${what}, then 400 names the field and nothing changes`, async () => {
          await create('desk');
          const before = await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).get('desk');
          mark();
          await refused(service.configure('desk', settings as Partial<WorkgroupSettings>, 'a-secret-of-the-host-site'), 400, field);
          assert.deepEqual(await store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION).get('desk'), before, 'neither settings nor the secret were stored');
          assert.deepEqual(handed, []);
        });
      }

      it('when an unknown workgroup is configured, then 404', async () => {
        await refused(service.configure('nope', { open: false }), 404);
      });

      it('when good settings are given, then they are stored, the others kept', async () => {
        await create('desk');
        const r = await service.configure('Desk', { offerTimeoutMs: 5_000, routing: 'broadcast', overflowTarget: 'help', maxQueueLength: 3 });
        assert.equal(r.state.settings.offerTimeoutMs, 5_000);
        assert.equal(r.state.settings.routing, 'broadcast');
        assert.equal(r.state.settings.overflowTarget, 'help');
        assert.equal(r.state.settings.maxQueueLength, 3);
        assert.equal(r.state.settings.requestTimeoutMs, 240_000);
        assert.deepEqual((await state('desk')).settings, r.state.settings);
        await service.configure('desk', { overflowTarget: null, maxQueueLength: null });
        assert.equal((await state('desk')).settings.overflowTarget, null);
        assert.equal((await state('desk')).settings.maxQueueLength, null);
      });

      it('when an identity secret is given, then it is stored; left out, it is kept; given as \'\', it is removed', async () => {
        await create('desk');
        assert.equal((await service.get('desk')).identitySecret, undefined);
        assert.equal((await service.configure('desk', {}, 'host-site-key-0123')).identitySecret, 'host-site-key-0123');
        assert.equal((await service.configure('desk', { open: false })).identitySecret, 'host-site-key-0123');
        assert.equal((await service.get('desk')).state.settings.open, false);
        assert.equal((await service.configure('desk', {}, 'host-site-key-4567')).identitySecret, 'host-site-key-4567');
        const removed = await service.configure('desk', {}, '');
        assert.equal('identitySecret' in removed, false);
        assert.equal('identitySecret' in (await service.get('desk')), false);
        assert.equal((await service.get('desk')).state.settings.open, false, 'removing the secret kept the settings');
      });
    });
  });
}
