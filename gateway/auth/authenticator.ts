/**
 * Resolves the caller from the Authorization header:
 * - `Authorization: <secret>` (raw, no scheme), compared in constant time;
 * - HTTP Basic through passport-http, also in the forms ofchat clients send: a lower-case
 *   `basic` scheme, or the bare base64 without any scheme;
 * - user names with or without @domain.
 * Rules it keeps (issue #19):
 * - Failed logins are held back per client address and per account (login-throttle.ts): a held
 *   caller gets 429 before any password is checked, a cached credential included.
 * - A locked account (mod_ofgate) is refused with 403 once its password is right; a wrong
 *   password stays a 401 whatever the lock.
 * - Verified credentials are cached briefly (credential-cache.ts, by a hash of the header, never
 *   the password) to spare ejabberd, and used only while the account's credential stamp
 *   (credential-stamps.ts) is unchanged: a lock, a deletion or a password change voids them at
 *   once on every instance. The stamp is read before the password is checked, so a change
 *   racing the check voids the new entry too.
 * Without `stamps` and `throttle` (unit tests, or a composition that gives none) credentials
 * are cached for `cacheSeconds` and failures are not counted.
 * References: ../shared/notes/ofchat-api.md §2.1; client-expectations.md.
 */
import type { Request } from 'express';
import passport from 'passport';
import { BasicStrategy } from 'passport-http';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { isLocal, isValidLocal, splitJid } from '../jid/index.js';
import { createCredentialCache, type UserPrincipal } from './credential-cache.js';
import type { CredentialStamps } from './credential-stamps.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import { matchesDigest, secretDigest } from './secret-digest.js';

export interface AuthenticatorOptions {
  secret: string;
  /** Bare JIDs or local names. */
  admins: readonly string[];
  domain: string;
  cacheSeconds: number;
  checkPassword(user: string, password: string): Promise<boolean>;
  /** mod_ofgate's lock (omitted: no lockouts); asked once a password is found right. */
  isLocked?(user: string): Promise<boolean>;
  /** Voids cached credentials across instances (omitted: the cache lives its full time). */
  stamps?: CredentialStamps;
  /** Failed-login back-off (omitted: failures are not counted). */
  throttle?: LoginThrottle;
  now?: () => number;
}

export type Authenticate = (req: Request) => Promise<Principal | undefined>;

const MAX_CACHE = 10000;

/** The client address the routes see too (Express's req.ip honours server.trustProxy). */
export const clientAddressOf = (req: Request): string => req.ip ?? req.socket?.remoteAddress ?? '';

export function lockedAccount(user: string): GatewayError {
  return new GatewayError('forbidden', `The account ${user} is locked`, { resource: user });
}

export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  const now = opts.now ?? Date.now;
  const admins = new Set(opts.admins.map((a) => localPart(a.toLowerCase(), opts.domain) ?? a.toLowerCase()));
  const cache = createCredentialCache(MAX_CACHE);
  const secret = secretDigest(opts.secret);
  const { stamps, throttle } = opts;
  const stampOf = (user: string): Promise<number> => (stamps ? stamps.of(user) : Promise.resolve(0));

  const isLocked = async (user: string): Promise<boolean> => {
    if (!opts.isLocked) return false;
    try {
      return await opts.isLocked(user);
    } catch (err) {
      if (isGatewayError(err) && err.kind === 'not-implemented') return false; // no shim loaded: no lockouts
      throw err;
    }
  };

  /** A Basic user and password: throttled, checked, lock-checked. */
  const verifyUser = async (req: Request, rawUser: string, password: string): Promise<{ principal: UserPrincipal; stamp: number } | false> => {
    const name = rawUser.trim().toLowerCase();
    const user = localPart(name, opts.domain);
    const address = clientAddressOf(req);
    const account = user ?? name;
    const earlier = throttle ? await throttle.assertFree(address, account) : 0;
    const stamp = await stampOf(account);
    if (!user || !isValidLocal(user) || password === '' || !(await opts.checkPassword(user, password))) {
      await throttle?.failed(address, account, 'basic');
      return false;
    }
    if (await isLocked(user)) throw lockedAccount(user);
    if (earlier > 0) await throttle?.succeeded(user);
    return { principal: { kind: 'user', username: user, admin: admins.has(user) }, stamp };
  };

  const pp = new passport.Passport();
  pp.use(
    new BasicStrategy({ passReqToCallback: true }, (req: Request, _user: string, _pw: string, done: (err: unknown, user?: unknown) => void) => {
      // passport-http 0.3 splits on every ':', truncating passwords that contain one; re-read the header.
      const creds = decodeBasic(req.headers.authorization ?? '');
      if (!creds) return done(null, false);
      verifyUser(req, creds.user, creds.password).then((v) => done(null, v), done);
    }),
  );

  const viaPassport = (req: Request): Promise<{ principal: UserPrincipal; stamp: number }> =>
    new Promise((resolve, reject) => {
      pp.authenticate('basic', { session: false }, (err: unknown, verified: { principal: UserPrincipal; stamp: number } | false) => {
        if (err) return reject(err);
        if (!verified) return reject(new GatewayError('unauthorized', 'Invalid credentials'));
        resolve(verified);
      })(req, {} as never, reject);
    });

  return async (req) => {
    const header = req.headers.authorization?.trim();
    if (!header) return undefined;
    const digest = secretDigest(header);
    if (matchesDigest(digest, secret)) return { kind: 'secret' };
    const key = digest.toString('base64');
    const known = cache.get(key, now());
    if (known) {
      const user = known.principal.username;
      const [stamp] = await Promise.all([stampOf(user), throttle?.assertFree(clientAddressOf(req), user)]);
      if (stamp === known.stamp) return known.principal;
      cache.delete(key);
    }
    // ofchat clients send the bare base64 without a scheme; passport needs one
    if (!/^basic\s/i.test(header)) req.headers.authorization = `Basic ${header}`;
    const { principal, stamp } = await viaPassport(req);
    if (opts.cacheSeconds > 0) cache.set(key, { principal, stamp, until: now() + opts.cacheSeconds * 1000 });
    return principal;
  };
}

export function decodeBasic(header: string): { user: string; password: string } | undefined {
  const b64 = header.replace(/^basic\s+/i, '').trim();
  if (!/^[A-Za-z0-9+/=_-]+$/.test(b64)) return undefined;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return undefined;
  // A fresh copy, not a slice: V8's sliced strings keep their parent ("user:password") alive, and
  // the user name lives on in cached principals (found with a heap snapshot, test/e2e/password-not-kept).
  const user = Buffer.from(decoded.slice(0, i), 'utf8').toString('utf8');
  return { user, password: decoded.slice(i + 1) };
}

/** `alice` or `alice@domain` → `alice`; another domain → undefined. */
function localPart(name: string, domain: string): string | undefined {
  if (!name.includes('@')) return name;
  const jid = splitJid(name);
  return jid.resource === '' && isLocal(jid, domain) ? jid.local : undefined;
}
