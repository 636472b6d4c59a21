/**
 * The failed-login throttle over the store (gateway/auth/login-throttle.ts): per address and per
 * account, 429 with Retry-After while held, a correct password refused too, failures logged
 * without the password, and two instances sharing one store holding the same keys back (the
 * memory store, and a real Redis with one connection per instance where redis-server exists).
 */
import assert from 'node:assert/strict';
import { createLoginThrottle, LOGIN_FAILURES, type LoginThrottle, type LoginThrottleSettings } from '../../../gateway/auth/index.js';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';
import { storeBackends } from '../../kit/store-backends.js';

const settings: LoginThrottleSettings = { addressFailures: 4, accountFailures: 3, firstDelaySeconds: 2, maxDelaySeconds: 8, forgetAfterSeconds: 60 };
const BACKENDS = storeBackends({ redisName: 'Redis store, two instances', connections: ['throttle-a', 'throttle-b'], keyPrefix: 'lt' });

/** The Retry-After of a 429, or 0 when free. */
async function wait(t: LoginThrottle, address: string, account: string): Promise<number> {
  try {
    await t.assertFree(address, account);
    return 0;
  } catch (err) {
    assert.ok(isGatewayError(err) && err.status === 429, String(err));
    return err.retryAfterSeconds ?? -1;
  }
}

for (const backend of BACKENDS) {
  describe(`login throttle (${backend.name})`, function () {
    let clock: FakeClock;
    let a: LoginThrottle;
    let b: LoginThrottle;
    let warnings: Array<Record<string, unknown>>;
    before(async () => backend.before());
    after(async () => backend.after());
    beforeEach(async () => {
      const [s1, s2] = await backend.open();
      clock = createFakeClock();
      warnings = [];
      const log = { warn: (_: string, f: Record<string, unknown> = {}) => void warnings.push(f) };
      a = createLoginThrottle({ records: s1.collection(LOGIN_FAILURES), settings, now: () => clock.now(), log });
      b = createLoginThrottle({ records: s2.collection(LOGIN_FAILURES), settings, now: () => clock.now(), log });
    });

    it('when one address fails on several accounts, then it is held on the other instance too, for any account', async () => {
      for (const user of ['u1', 'u2', 'u3']) await a.failed('10.0.0.1', user, 'basic');
      assert.equal(await wait(b, '10.0.0.1', 'u9'), 0, 'three failures are free');
      await b.failed('10.0.0.1', 'u4', 'basic');
      assert.equal(await wait(a, '10.0.0.1', 'u9'), 2);
      assert.equal(await wait(b, '10.0.0.2', 'u9'), 0, 'another address is free');
      clock.advance(2000);
      assert.equal(await wait(a, '10.0.0.1', 'u9'), 0, 'free once the wait is over');
    });

    it('when one account fails from several addresses, then it is held from every address, and the wait doubles', async () => {
      for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await a.failed(ip, 'victim', 'basic');
      assert.equal(await wait(b, '10.1.0.9', 'victim'), 2);
      assert.equal(await wait(b, '10.1.0.9', 'bystander'), 0);
      clock.advance(2000);
      await b.failed('10.1.0.4', 'Victim', 'chat-login');
      assert.equal(await wait(a, '10.1.0.9', 'victim'), 4, 'the name is case-blind');
      clock.advance(4000);
      await a.failed('10.1.0.5', 'victim', 'basic');
      await a.failed('10.1.0.5', 'victim', 'basic');
      assert.equal(await wait(a, '10.1.0.9', 'victim'), 8, 'capped at the maximum');
    });

    it('when an account succeeds, then its failures are forgotten but the address keeps its own', async () => {
      for (let i = 0; i < 2; i++) await a.failed('10.2.0.1', 'carol', 'basic');
      assert.equal(await a.assertFree('10.2.0.1', 'carol'), 2, 'the account\'s failures so far');
      await b.succeeded('carol');
      assert.equal(await a.assertFree('10.2.0.1', 'carol'), 0);
      for (let i = 0; i < 2; i++) await a.failed('10.2.0.1', `x${i}`, 'basic');
      assert.equal(await wait(a, '10.2.0.1', 'carol'), 2, 'the address reached its four failures');
    });

    it('when a failure is counted, then it is logged with the user, the address and the counts, and nothing else', async () => {
      await a.failed('10.3.0.1', 'dave', 'basic');
      assert.deepEqual(warnings, [{ user: 'dave', address: '10.3.0.1', where: 'basic', addressFailures: 1, accountFailures: 1 }]);
    });

    it('when a limit is 0, then that kind of key is never held', async () => {
      const [s1] = await backend.open();
      const off = createLoginThrottle({ records: s1.collection(LOGIN_FAILURES), settings: { ...settings, addressFailures: 0 }, now: () => clock.now() });
      for (let i = 0; i < 10; i++) await off.failed('10.4.0.1', `n${i}`, 'basic');
      assert.equal(await wait(off, '10.4.0.1', 'fresh'), 0);
    });

    it('when a user name is longer than a store id may be, then it is still counted', async () => {
      const long = 'x'.repeat(10_000);
      for (let i = 0; i < 3; i++) await a.failed(`10.5.0.${i}`, long, 'basic');
      assert.equal(await wait(b, '10.5.0.9', long), 2);
    });
  });
}
