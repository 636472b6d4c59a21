/**
 * The client lifecycle over a fake ejabberd (accounts and sessions on the client host) and a
 * fake deadline scheduler, with the real pairing service on a memory store: a slot is reserved
 * before the account; nobody available creates nothing; each way a register can fail after the
 * reservation frees the slot, and removes the account only when this register made it; only
 * recorded clients are ever removed; the durable check ends clients without a session.
 */
import assert from 'node:assert/strict';
import { createClientLifecycle, CLIENT_CHECK_KIND, type ClientLifecycle } from '../../../gateway/clicktochat/client-lifecycle.js';
import { createPairingService, type PairingService } from '../../../gateway/clicktochat/pairing-service.js';
import { GatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const HOST = 'cl.example';
const A = 'a@hd.example';
const B = 'b@hd.example';
const TIMEOUT = 60_000;

interface World {
  readonly clock: FakeClock;
  readonly pairing: PairingService;
  readonly clients: ClientLifecycle;
  /** Accounts on the client host: name → number of open sessions. */
  readonly accounts: Map<string, number>;
  readonly calls: string[];
  readonly armed: Map<string, number>;
  /** Helpdesk users available now. */
  available: string[];
  /** Makes the next registerUser fail with this (after creating the account when `created`). */
  failRegister?: { error: Error; created: boolean };
}

async function world(agents: readonly string[] = [A]): Promise<World> {
  const clock = createFakeClock();
  const pairing = createPairingService({ store: createMemoryStore(), clock, rules: { maxSessions: 2 }, onEffects: async () => undefined });
  const accounts = new Map<string, number>();
  const calls: string[] = [];
  const armed = new Map<string, number>();
  const w: World = {
    clock, pairing, accounts, calls, armed, available: [...agents],
    clients: undefined as unknown as ClientLifecycle,
  };
  (w as { clients: ClientLifecycle }).clients = createClientLifecycle({
    pairing,
    directory: { available: async (queue) => queue.filter((a) => w.available.includes(a)) },
    accounts: {
      async userExists(user) {
        return accounts.has(user);
      },
      async registerUser(user) {
        calls.push(`register ${user}`);
        const f = w.failRegister;
        if (f) {
          delete w.failRegister;
          if (f.created) accounts.set(user, 0);
          throw f.error;
        }
        if (accounts.has(user)) throw new GatewayError('conflict', 'exists');
        accounts.set(user, 0);
      },
      async unregisterUser(user) {
        calls.push(`unregister ${user}`);
        if (!accounts.delete(user)) throw new GatewayError('not-found', 'no such user');
      },
      async userSessions(user) {
        return Array.from({ length: accounts.get(user) ?? 0 }, () => ({ jid: '', user, resource: 'r', connection: '', ip: '', port: 0, priority: 0, status: 'available', statusText: '', uptime: 0 }));
      },
    },
    deadlines: {
      async schedule(kind, id, at) {
        assert.equal(kind, CLIENT_CHECK_KIND);
        armed.set(id, at);
      },
      async cancel(_kind, id) {
        return armed.delete(id);
      },
    },
    clientHost: HOST,
    timeoutMs: TIMEOUT,
    clock,
    log: silentLogger,
  });
  for (const agent of agents) await pairing.apply({ type: 'agentOnline', agent });
  return w;
}

const input = (name: string) => ({ name, password: 'pw', address: null, maxPerAddress: null });
const clientsOf = async (w: World) => Object.fromEntries(Object.entries((await w.pairing.read()).clients).map(([c, r]) => [c, `${r.agent ?? '-'} ${r.status}`]));

describe('clicktochat client lifecycle', () => {
  it('when a client registers, then its slot, its account and its check exist, and the pair is active', async () => {
    const w = await world();
    assert.deepEqual(await w.clients.register(input('ann')), { kind: 'registered', client: `ann@${HOST}`, agent: A });
    assert.equal(w.accounts.has('ann'), true);
    assert.deepEqual(await clientsOf(w), { [`ann@${HOST}`]: `${A} active` });
    assert.equal(w.armed.get(`ann@${HOST}`), w.clock.now() + TIMEOUT);
  });

  it('when nobody is available, then 503 and no account is created', async () => {
    const w = await world();
    w.available = [];
    await assert.rejects(w.clients.register(input('ann')), (e: GatewayError) => e.status === 503);
    assert.deepEqual(w.calls, []);
    assert.deepEqual(await clientsOf(w), {});
    assert.equal(w.armed.size, 0);
  });

  it('when the account already exists, then exists, and it is never touched', async () => {
    const w = await world();
    w.accounts.set('ann', 1);
    assert.deepEqual(await w.clients.register(input('ann')), { kind: 'exists' });
    assert.deepEqual(w.calls, []);
    assert.deepEqual(await clientsOf(w), {});
  });

  const FAILURES: ReadonlyArray<readonly [string, Error, boolean, string, string[]]> = [
    ['someone else creates it meanwhile (conflict)', new GatewayError('conflict', 'exists'), true, 'exists', ['register ann']],
    ['ejabberd refuses the name', new GatewayError('bad-request', 'Malformed username'), false, 'not-allowed', ['register ann']],
    ['ejabberd times out after creating it', new GatewayError('upstream-timeout', 'timeout'), true, 'throws', ['register ann', 'unregister ann']],
    ['ejabberd is down and created nothing', new GatewayError('upstream-unavailable', 'down'), false, 'throws', ['register ann']],
  ];
  for (const [what, error, created, outcome, calls] of FAILURES) {
    it(`when the account creation fails because ${what}, then the slot is free and only an account this register made is removed`, async () => {
      const w = await world();
      w.failRegister = { error, created };
      if (outcome === 'throws') await assert.rejects(w.clients.register(input('ann')), (e: GatewayError) => e === error);
      else assert.deepEqual(await w.clients.register(input('ann')), { kind: outcome });
      assert.deepEqual(w.calls, calls);
      assert.deepEqual(await clientsOf(w), {});
      assert.equal(w.accounts.has('ann'), created && outcome === 'exists', 'the other party\'s account stays; ours is gone');
    });
  }

  it('when the helpdesk user leaves between reservation and confirmation with nobody else, then the account is removed again and 503', async () => {
    const w = await world();
    const pairing = w.pairing;
    const realApply = pairing.apply.bind(pairing);
    let left = false;
    (pairing as { apply: PairingService['apply'] }).apply = async (e) => {
      if (e.type === 'confirm' && !left) {
        left = true;
        await realApply({ type: 'agentOffline', agent: A, available: [] });
      }
      return realApply(e);
    };
    await assert.rejects(w.clients.register(input('ann')), (e: GatewayError) => e.status === 503);
    assert.equal(w.accounts.has('ann'), false);
    assert.deepEqual(await clientsOf(w), {});
  });

  it('when disconnect names a client, then it ends; again, it is done; a non-client account is 403 and kept; another host is 400', async () => {
    const w = await world();
    await w.clients.register(input('ann'));
    await w.clients.disconnect(`ann@${HOST}`);
    assert.equal(w.accounts.has('ann'), false);
    assert.deepEqual(await clientsOf(w), {});
    assert.equal(w.armed.size, 0);
    await w.clients.disconnect(`ann@${HOST}`);
    w.accounts.set('bob', 0);
    await assert.rejects(w.clients.disconnect(`bob@${HOST}`), (e: GatewayError) => e.status === 403);
    assert.equal(w.accounts.has('bob'), true);
    for (const bad of [A, `bob@${HOST}/r`, 'not a jid', `@${HOST}`]) {
      await assert.rejects(w.clients.disconnect(bad), (e: GatewayError) => e.status === 400, bad);
    }
    assert.deepEqual(w.calls.filter((c) => c.startsWith('unregister')), ['unregister ann']);
  });

  it('when a session of a client closes, then it ends only when that was its last one', async () => {
    const w = await world();
    await w.clients.register(input('ann'));
    w.accounts.set('ann', 1);
    await w.clients.sessionClosed(`ann@${HOST}`);
    assert.equal(w.accounts.has('ann'), true);
    w.accounts.set('ann', 0);
    await w.clients.sessionClosed(`ann@${HOST}`);
    assert.equal(w.accounts.has('ann'), false);
    w.accounts.set('zed', 0);
    await w.clients.sessionClosed(`zed@${HOST}`);
    assert.equal(w.accounts.has('zed'), true, 'not a client: never removed');
  });

  it('when the check runs, then a client with a session is looked at again a period later, one without is ended', async () => {
    const w = await world();
    await w.clients.register(input('ann'));
    await w.clients.register(input('bob'));
    w.accounts.set('ann', 1);
    w.clock.advance(TIMEOUT);
    await w.clients.check(`ann@${HOST}`);
    await w.clients.check(`bob@${HOST}`);
    assert.equal(w.armed.get(`ann@${HOST}`), w.clock.now() + TIMEOUT);
    assert.equal(w.accounts.has('bob'), false);
    assert.deepEqual(Object.keys(await clientsOf(w)), [`ann@${HOST}`]);
    await w.clients.check(`bob@${HOST}`);
    await w.clients.check(`nobody@${HOST}`);
  });

  it('when a pending client is checked before its time, then its check moves to its time; after, it is ended', async () => {
    const w = await world();
    await w.pairing.apply({ type: 'reserve', client: `ann@${HOST}`, available: [A], address: null, maxPerAddress: null });
    const at = w.clock.now() + TIMEOUT;
    w.accounts.set('ann', 0); // the crash came after the account was made
    await w.clients.check(`ann@${HOST}`);
    assert.equal(w.armed.get(`ann@${HOST}`), at);
    w.clock.advance(TIMEOUT);
    await w.clients.check(`ann@${HOST}`);
    assert.equal(w.accounts.has('ann'), false);
    assert.deepEqual(await clientsOf(w), {});
  });

  it('when checks are armed at start, then every recorded client has one, at its registration plus a period', async () => {
    const w = await world([A, B]);
    await w.clients.register(input('ann'));
    w.clock.advance(1_000);
    await w.clients.register(input('bob'));
    w.armed.clear();
    await w.clients.armChecks();
    assert.deepEqual([...w.armed.keys()].sort(), [`ann@${HOST}`, `bob@${HOST}`]);
    assert.equal(w.armed.get(`bob@${HOST}`), w.clock.now() + TIMEOUT);
  });
});
