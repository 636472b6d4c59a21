/**
 * The authenticator's issue #19 rules, with the store in memory and ejabberd faked at its port:
 * a cached credential is voided at once (on another instance too) when the account is locked,
 * deleted, made again or its password changed (dropCredentialsOnChange around the backend); a
 * locked account is 403 once its password is right; failed logins are held back before any
 * password is checked, a cached credential included.
 */
import assert from 'node:assert/strict';
import type { Request } from 'express';
import {
  createAuthenticator, createCredentialStamps, createLoginThrottle, CREDENTIAL_STAMPS, dropCredentialsOnChange, LOGIN_FAILURES, type Authenticate,
} from '../../../gateway/auth/index.js';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { GatewayError } from '../../../gateway/errors/index.js';
import { createMemoryStore, type Store } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const req = (user: string, password: string, ip = '192.0.2.1'): Request =>
  ({ headers: { authorization: `Basic ${b64(`${user}:${password}`)}` }, ip, socket: {} }) as unknown as Request;

/** ejabberd's accounts and mod_ofgate's locks, at the port; counts password checks. */
function fakeEjabberd() {
  const passwords = new Map<string, string>([['alice', 'pw'], ['bob', 'pw']]);
  const locked = new Set<string>();
  let checks = 0;
  const port = {
    kind: 'http-api', host: 'localhost',
    checkPassword: async (u: string, p: string) => (checks++, passwords.get(u) === p),
    changePassword: async (u: string, p: string) => void passwords.set(u, p),
    unregisterUser: async (u: string) => void passwords.delete(u),
    registerUser: async (u: string, p: string) => void passwords.set(u, p),
    lockUser: async (u: string) => void locked.add(u),
    unlockUser: async (u: string) => void locked.delete(u),
    isLocked: async (u: string) => locked.has(u),
  } as unknown as EjabberdBackend;
  return { port, get checks() { return checks; } };
}

/** One instance: its own authenticator (and cache) over the shared store and ejabberd. */
function instance(store: Store, ej: EjabberdBackend, clock: FakeClock): { auth: Authenticate; backend: EjabberdBackend } {
  const stamps = createCredentialStamps(store.collection(CREDENTIAL_STAMPS), 35_000);
  const backend = dropCredentialsOnChange(ej, stamps);
  const auth = createAuthenticator({
    secret: 'sekret', admins: ['admin'], domain: 'localhost', cacheSeconds: 30,
    checkPassword: (u, p) => backend.checkPassword(u, p),
    isLocked: (u) => backend.isLocked(u),
    stamps,
    throttle: createLoginThrottle({
      records: store.collection(LOGIN_FAILURES),
      settings: { addressFailures: 5, accountFailures: 3, firstDelaySeconds: 10, maxDelaySeconds: 60, forgetAfterSeconds: 600 },
      now: () => clock.now(),
    }),
    now: () => clock.now(),
  });
  return { auth, backend };
}

const status = (p: Promise<unknown>): Promise<number> =>
  p.then(() => 200, (err: unknown) => (err instanceof GatewayError ? err.status : Promise.reject(err)));

describe('authenticator: lockouts, voided credentials, throttling', () => {
  let ej: ReturnType<typeof fakeEjabberd>;
  let one: ReturnType<typeof instance>;
  let two: ReturnType<typeof instance>;
  let clock: FakeClock;

  beforeEach(() => {
    const store = createMemoryStore();
    clock = createFakeClock();
    ej = fakeEjabberd();
    one = instance(store, ej.port, clock);
    two = instance(store, ej.port, clock);
  });

  it('when the same credential comes again, then ejabberd is asked once', async () => {
    await one.auth(req('alice', 'pw'));
    await one.auth(req('alice', 'pw'));
    assert.equal(ej.checks, 1);
  });

  it('when an account is locked on one instance, then its credential cached on the other is 403 at once; unlocked, 200', async () => {
    assert.equal(await status(two.auth(req('alice', 'pw'))), 200);
    await one.backend.lockUser('alice', 'test');
    assert.equal(await status(two.auth(req('alice', 'pw'))), 403);
    assert.equal(await status(two.auth(req('alice', 'wrong'))), 401, 'a wrong password stays 401');
    await one.backend.unlockUser('alice');
    assert.equal(await status(two.auth(req('alice', 'pw'))), 200);
  });

  it('when the password changes, or the account is deleted and made again, then the old cached credential is 401 at once', async () => {
    assert.equal(await status(two.auth(req('alice', 'pw'))), 200);
    await one.backend.changePassword('alice', 'new');
    assert.equal(await status(two.auth(req('alice', 'pw'))), 401);
    assert.equal(await status(two.auth(req('bob', 'pw'))), 200, 'other accounts keep theirs');
    await one.backend.unregisterUser('bob');
    assert.equal(await status(two.auth(req('bob', 'pw'))), 401);
    await ej.port.registerUser('bob', 'pw'); // made again outside ofgate: the old owner's password, still right
    assert.equal(await status(two.auth(req('bob', 'pw'))), 200);
  });

  it('when an account is changed while its password is being checked, then the credential cached by that check is void', async () => {
    const stamps = createCredentialStamps(createMemoryStore().collection(CREDENTIAL_STAMPS), 35_000);
    const racing = createAuthenticator({
      secret: 's', admins: [], domain: 'localhost', cacheSeconds: 30, stamps,
      checkPassword: async (u, p) => {
        const ok = await ej.port.checkPassword(u, p);
        await stamps.drop(u); // the password changed right after ejabberd said yes
        return ok;
      },
    });
    assert.equal(await status(racing(req('alice', 'pw'))), 200);
    const before = ej.checks;
    await racing(req('alice', 'pw'));
    assert.equal(ej.checks, before + 1, 'the entry was void: ejabberd asked again');
  });

  it('when an account fails three times, then it is 429 with Retry-After on every instance, its cached credential included, and ejabberd is not asked', async () => {
    assert.equal(await status(two.auth(req('alice', 'pw', '198.51.100.7'))), 200, 'cached on instance two');
    for (let i = 0; i < 3; i++) assert.equal(await status(one.auth(req('alice', `guess${i}`, `203.0.113.${i}`))), 401);
    const checks = ej.checks;
    const held = await two.auth(req('alice', 'pw', '198.51.100.7')).catch((e: GatewayError) => e);
    assert.ok(held instanceof GatewayError && held.status === 429, String(held));
    assert.equal(held.retryAfterSeconds, 10);
    assert.equal(await status(one.auth(req('alice', 'pw', '198.51.100.8'))), 429, 'an uncached correct password too');
    assert.equal(ej.checks, checks, 'no password checked while held');
    assert.equal(await status(one.auth(req('bob', 'pw', '198.51.100.8'))), 200, 'another account');
    clock.advance(10_000);
    assert.equal(await status(one.auth(req('alice', 'pw', '198.51.100.8'))), 200, 'free after the wait');
  });

  it('when one address fails five times on several accounts, then it is 429 for every account from that address only', async () => {
    for (let i = 0; i < 5; i++) await status(one.auth(req(`ghost${i}`, 'x', '203.0.113.50')));
    assert.equal(await status(two.auth(req('bob', 'pw', '203.0.113.50'))), 429);
    assert.equal(await status(two.auth(req('bob', 'pw', '203.0.113.51'))), 200);
  });

  it('when the user name names another domain or is not a valid name, then 401 without asking ejabberd, and it counts', async () => {
    assert.equal(await status(one.auth(req('alice@evil.example', 'pw'))), 401);
    assert.equal(await status(one.auth(req('a b', 'pw'))), 401);
    assert.equal(ej.checks, 0);
  });

  it('when the lock check fails because mod_ofgate is absent, then the login goes on', async () => {
    const auth = createAuthenticator({
      secret: 's', admins: [], domain: 'localhost', cacheSeconds: 0,
      checkPassword: async () => true,
      isLocked: async () => { throw new GatewayError('not-implemented', 'no shim'); },
    });
    assert.equal(await status(auth(req('alice', 'pw'))), 200);
  });
});
