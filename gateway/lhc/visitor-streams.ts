/**
 * Visitor XMPP streams kept for LHC (the node server's sessions): `/lhc/xmpp` opens or extends
 * one, `/lhc/xmpp-send-message` sends through it. Each stream authenticates with the visitor's
 * own password (LHC gives it in every call), sends the presence LHC described, and closes after
 * `idleMs` without a call.
 *
 * Rules it keeps:
 * - One stream per visitor JID in this process; a second call while it connects joins the same
 *   attempt. A different password starts a new stream (the old one is closed).
 * - A message for a stream still connecting waits for it, at most `sendWaitMs`, and is then
 *   sent; when it cannot be (wrong password, ejabberd down past the wait), the failure is
 *   logged (never the body or password) and counted in `failedSends` — never dropped silently.
 * - A presence is sent on open and again only when nick or status changed.
 * - close() / closeUser() end streams within the stream's bounded stop.
 */
import type { StreamTls } from '../xmpp/index.js';
import { createHash } from 'node:crypto';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import { openUserStream, type Stanza, type UserStream } from '../xmpp/index.js';
import type { VisitorLook } from './node-api-input.js';
import { visitorMessage, visitorPresence } from './visitor-stanzas.js';

export interface VisitorStreamsDeps {
  readonly service: string;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls). */
  readonly tls?: StreamTls | undefined;
  readonly backendOf: (host: string) => EjabberdBackend;
  readonly connectTimeoutMs: number;
  readonly tokenTtlSeconds: number;
  readonly idleMs: number;
  readonly sendWaitMs: number;
  readonly log: Logger;
}

export interface VisitorStreams {
  /** Opens or extends the visitor's stream (resolves once it is online; rejects when it cannot open). */
  touch(user: string, host: string, pass: string, look: VisitorLook): Promise<void>;
  /** Opens or extends the stream, then sends the message (bounded wait); false when it could not be sent. */
  send(user: string, host: string, pass: string, look: VisitorLook, to: string, body: string): Promise<boolean>;
  closeUser(user: string, host: string): Promise<void>;
  readonly failedSends: () => number;
  readonly open: () => number;
  close(): Promise<void>;
}

interface Entry {
  readonly passDigest: string;
  readonly ready: Promise<UserStream>;
  stream: UserStream | undefined;
  look: string;
  idle: NodeJS.Timeout | undefined;
}

const digest = (s: string): string => createHash('sha256').update(s).digest('hex');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e as Error)));
  });
}

export function createVisitorStreams(d: VisitorStreamsDeps): VisitorStreams {
  const entries = new Map<string, Entry>();
  let failed = 0;

  const drop = async (jid: string, entry: Entry): Promise<void> => {
    if (entries.get(jid) === entry) entries.delete(jid);
    if (entry.idle) clearTimeout(entry.idle);
    const s = entry.stream ?? (await entry.ready.catch(() => undefined));
    await s?.close().catch(() => undefined);
  };

  const arm = (jid: string, entry: Entry): void => {
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = setTimeout(() => void drop(jid, entry), d.idleMs);
    entry.idle.unref();
  };

  const entryFor = (user: string, host: string, pass: string): Entry => {
    const jid = `${user}@${host}`;
    const passDigest = digest(pass);
    const old = entries.get(jid);
    if (old && old.passDigest === passDigest) return old;
    if (old) void drop(jid, old);
    const backend = d.backendOf(host);
    const entry: Entry = {
      passDigest,
      stream: undefined,
      look: '',
      idle: undefined,
      ready: openUserStream({
        service: d.service,
        tls: d.tls,
        domain: host,
        username: user,
        password: pass,
        issueToken: () => backend.issueToken(jid, d.tokenTtlSeconds),
        revokeToken: (t) => backend.revokeToken(t),
        connectTimeoutMs: d.connectTimeoutMs,
        log: d.log,
        onStanza: (_el: Stanza) => undefined, // operators' replies reach LHC through the callbacks
        onNotice: (n) => {
          if (n.kind === 'closed') void drop(jid, entry);
        },
      }),
    };
    entry.ready.then((s) => { entry.stream = s; }, () => { if (entries.get(jid) === entry) entries.delete(jid); });
    entries.set(jid, entry);
    arm(jid, entry);
    return entry;
  };

  const present = async (entry: Entry, look: VisitorLook): Promise<UserStream> => {
    const s = await withTimeout(entry.ready, d.sendWaitMs);
    const key = `${look.nick}\u0000${look.status}`;
    if (entry.look !== key) {
      entry.look = key;
      await s.send(visitorPresence(look));
    }
    return s;
  };

  return {
    async touch(user, host, pass, look) {
      const entry = entryFor(user, host, pass);
      arm(`${user}@${host}`, entry);
      await present(entry, look);
    },
    async send(user, host, pass, look, to, body) {
      try {
        const entry = entryFor(user, host, pass);
        arm(`${user}@${host}`, entry);
        const s = await present(entry, look);
        await s.send(visitorMessage(to, body));
        return true;
      } catch (error) {
        failed += 1;
        d.log.warn('lhc: a visitor message could not be sent', { visitor: `${user}@${host}`, to, error: (error as Error).message });
        return false;
      }
    },
    async closeUser(user, host) {
      const jid = `${user}@${host}`;
      const e = entries.get(jid);
      if (e) await drop(jid, e);
    },
    failedSends: () => failed,
    open: () => entries.size,
    async close() {
      await Promise.all([...entries].map(([jid, e]) => drop(jid, e)));
    },
  };
}
