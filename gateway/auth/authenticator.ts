/**
 * Resolves the caller from the Authorization header:
 * - `Authorization: <secret>` (raw, no scheme), compared in constant time;
 * - HTTP Basic through passport-http, also in the forms ofchat clients send: a lower-case
 *   `basic` scheme, or the bare base64 without any scheme;
 * - user names with or without @domain.
 * Verified credentials are cached briefly (by a hash of the header, never the password) to spare ejabberd.
 * References: ../shared/notes/ofchat-api.md §2.1; client-expectations.md.
 */
import type { Request } from 'express';
import passport from 'passport';
import { BasicStrategy } from 'passport-http';
import { GatewayError } from '../errors/index.js';
import { isLocal, splitJid } from '../jid/index.js';
import type { Principal } from './principal.js';
import { matchesDigest, secretDigest } from './secret-digest.js';

export interface AuthenticatorOptions {
  secret: string;
  /** Bare JIDs or local names. */
  admins: readonly string[];
  domain: string;
  cacheSeconds: number;
  checkPassword(user: string, password: string): Promise<boolean>;
  now?: () => number;
}

export type Authenticate = (req: Request) => Promise<Principal | undefined>;

const MAX_CACHE = 10000;

export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  const now = opts.now ?? Date.now;
  const admins = new Set(opts.admins.map((a) => localPart(a.toLowerCase(), opts.domain) ?? a.toLowerCase()));
  // sha256(header) → principal: a repeat request with the same credentials skips passport,
  // the Basic decoding and ejabberd (the hot path of every chat call; see BENCHMARKS.md).
  const byHeader = new Map<string, { principal: Principal; until: number }>();
  const secret = secretDigest(opts.secret);

  const verifyUser = async (rawUser: string, password: string): Promise<Principal | false> => {
    const user = localPart(rawUser.trim().toLowerCase(), opts.domain);
    if (!user || password === '' || !(await opts.checkPassword(user, password))) return false;
    return { kind: 'user', username: user, admin: admins.has(user) };
  };

  const pp = new passport.Passport();
  pp.use(
    new BasicStrategy({ passReqToCallback: true }, (req: Request, _user: string, _pw: string, done: (err: unknown, user?: unknown) => void) => {
      // passport-http 0.3 splits on every ':', truncating passwords that contain one; re-read the header.
      const creds = decodeBasic(req.headers.authorization ?? '');
      if (!creds) return done(null, false);
      verifyUser(creds.user, creds.password).then((p) => done(null, p), done);
    }),
  );

  const viaPassport = (req: Request): Promise<Principal> =>
    new Promise((resolve, reject) => {
      pp.authenticate('basic', { session: false }, (err: unknown, user: Principal | false) => {
        if (err) return reject(err);
        if (!user) return reject(new GatewayError('unauthorized', 'Invalid credentials'));
        resolve(user);
      })(req, {} as never, reject);
    });

  return async (req) => {
    const header = req.headers.authorization?.trim();
    if (!header) return undefined;
    const digest = secretDigest(header);
    if (matchesDigest(digest, secret)) return { kind: 'secret' };
    const key = digest.toString('base64');
    const known = byHeader.get(key);
    if (known && known.until >= now()) return known.principal;
    // ofchat clients send the bare base64 without a scheme; passport needs one
    if (!/^basic\s/i.test(header)) req.headers.authorization = `Basic ${header}`;
    const principal = await viaPassport(req);
    if (opts.cacheSeconds > 0) {
      if (byHeader.size >= MAX_CACHE) byHeader.delete(byHeader.keys().next().value as string);
      byHeader.set(key, { principal, until: now() + opts.cacheSeconds * 1000 });
    }
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
