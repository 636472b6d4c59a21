/**
 * On its OWN ejabberd (restarted here; the shared world is never restarted): a reconnect
 * storm. STORM_STREAMS (default 2,000) password-less streams are opened through one session
 * pool (admin-issued tokens), then ejabberd restarts — the `restart` admin command: every
 * session is ended and the whole Erlang system reboots on the same ports and the same Mnesia
 * spool, so the accounts survive. Every stream must come back online by itself within a
 * bound, with never more than `reconnectMaxConcurrent` token issues at once and none given up.
 * Durations of each phase are printed. Measured on the 2-core box with other work running
 * (load ~8), 2,000 streams: register 3.4 s, open 16.6 s, restart → ejabberd answering 11.2 s,
 * → all back 28.6 s; the whole file ~55 s. STORM_STREAMS=500 takes ~20 s.
 * References: ejabberd-23.01.md §5 (register, restart), §7b (tokens), §11 (logins/s).
 */
import assert from 'node:assert/strict';
import { createEjabberdBackend, type EjabberdBackend } from '../../gateway/ejabberd/index.js';
import type { Logger } from '../../gateway/log/index.js';
import { createSessionPool, type SessionListener, type SessionPool } from '../../gateway/xmpp/index.js';
import { startEjabberd, type EjabberdInstance } from '../harness/ejabberd-instance.js';

const STREAMS = Number(process.env.STORM_STREAMS ?? 2000);
const MAX_CONCURRENT = 20;
const BOUND_MS = 120_000;
const REGISTER_PARALLEL = 50;

async function api<T>(ej: EjabberdInstance, command: string, body: unknown): Promise<T> {
  const res = await fetch(`${ej.apiUrl}/${command}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${command}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Polls ejabberd's status until it answers (`answering`) or stops answering. */
async function waitStatus(ej: EjabberdInstance, answering: boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${ej.apiUrl}/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false);
    if (ok === answering) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ejabberd still ${answering ? 'down' : 'up'} after 60 s`);
}

/** Runs `fn` over `items`, `parallel` at a time. */
async function inBatches<T>(items: readonly T[], parallel: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe('session pool reconnect storm: ejabberd restarted under many open streams (e2e)', function () {
  this.timeout(BOUND_MS + 120_000);
  let ej: EjabberdInstance;
  let pool: SessionPool | undefined;
  const users = Array.from({ length: STREAMS }, (_, i) => `storm${i}`);
  const phases: Record<string, number> = {};
  /** Why reconnect attempts failed (error name or code → count), for the printed figures. */
  const failures: Record<string, number> = {};
  const countingLog: Logger = {
    debug(msg, fields) {
      if (msg !== 'xmpp: reconnect attempt failed') return;
      const e = fields?.error as { name?: string; code?: string; condition?: string; message?: string } | undefined;
      const why = e?.code ?? e?.condition ?? e?.name ?? 'unknown';
      failures[why] = (failures[why] ?? 0) + 1;
    },
    info: () => {},
    warn: () => {},
    error: () => {},
  };
  let issuesInFlight = 0;
  let maxIssuesInFlight = 0;

  before(async () => {
    ej = await startEjabberd({ logLevel: 'warning' });
  });
  after(async () => {
    await pool?.stop();
    await ej?.stop();
    console.log(`      reconnect storm, ${STREAMS} streams (ms): ${JSON.stringify(phases)}; failed attempts: ${JSON.stringify(failures)}`);
  });

  it(`when ejabberd restarts under ${STREAMS} open streams, then all reconnect within ${BOUND_MS / 1000} s, token issues stay within the limit and none gives up`, async () => {
    let t = Date.now();
    await inBatches(users, REGISTER_PARALLEL, (user) => api(ej, 'register', { user, host: ej.domain, password: 'unused' }));
    phases.register = Date.now() - t;

    const real = createEjabberdBackend({ kind: 'http-api', host: ej.domain, httpApiUrl: ej.apiUrl, xmlrpcUrl: ej.xmlrpcUrl, timeoutMs: 10_000 });
    // counts token issues independently of the pool's own gate
    const backend: Pick<EjabberdBackend, 'issueToken' | 'revokeToken' | 'checkPassword' | 'userExists'> = {
      async issueToken(jid, ttl) {
        issuesInFlight += 1;
        maxIssuesInFlight = Math.max(maxIssuesInFlight, issuesInFlight);
        try {
          return await real.issueToken(jid, ttl);
        } finally {
          issuesInFlight -= 1;
        }
      },
      revokeToken: (token) => real.revokeToken(token),
      checkPassword: (user, password) => real.checkPassword(user, password),
      userExists: (user) => real.userExists(user),
    };
    const p = (pool = createSessionPool({
      service: ej.xmppService,
      domain: ej.domain,
      backend,
      tokenTtlSeconds: 300,
      connectTimeoutMs: 10_000,
      log: countingLog,
      reconnectMaxConcurrent: MAX_CONCURRENT,
      reconnectBaseMs: 250,
      reconnectMaxMs: 4000,
    }));

    // a stream is up after its login and after each reconnected notice, down after each drop
    const up = new Set<string>();
    const closed: string[] = [];
    let rebooted = false;
    let allBack!: () => void;
    const everyoneBack = new Promise<void>((resolve) => (allBack = resolve));
    const check = (): void => {
      if (rebooted && up.size === STREAMS) allBack();
    };
    const listener: SessionListener = {
      stanza: () => {},
      notice(s, n) {
        if (n.kind === 'disconnected' || n.kind === 'closed') up.delete(s.username);
        if (n.kind === 'closed') closed.push(`${s.username}: ${n.reason}`);
        if (n.kind === 'reconnected') {
          up.add(s.username);
          if (rebooted) phases.restartToFirstBack ??= Date.now() - t;
          check();
        }
      },
    };

    t = Date.now();
    await Promise.all(users.map(async (user) => {
      await p.login(user, undefined, { listener });
      up.add(user);
    }));
    phases.open = Date.now() - t;
    assert.equal((await api<{ num_sessions: number }>(ej, 'connected_users_number', {})).num_sessions, STREAMS);
    const before = p.stats();
    assert.equal(before.maxTokenIssuesInFlight <= MAX_CONCURRENT, true, 'the logins took the gate too');

    t = Date.now();
    // ends every session, waits 1 s (streams may come back meanwhile), then reboots the
    // Erlang system (same ports, same spool); the status call sees the reboot
    await api(ej, 'restart', {});
    await waitStatus(ej, false);
    await waitStatus(ej, true);
    phases.restartToEjabberdUp = Date.now() - t;
    rebooted = true;
    check();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      everyoneBack,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`after ${BOUND_MS} ms: ${up.size}/${STREAMS} back, stats ${JSON.stringify(p.stats())}, closed ${closed.slice(0, 5).join('; ')}`)), BOUND_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    phases.restartToAllBack = Date.now() - t;

    const stats = p.stats();
    assert.deepEqual(closed, [], 'no stream ended');
    assert.equal(stats.gaveUp, 0);
    assert.equal(stats.streams, STREAMS);
    assert.equal(stats.reconnecting, 0);
    assert.ok(stats.maxTokenIssuesInFlight <= MAX_CONCURRENT, `gate held ${stats.maxTokenIssuesInFlight}`);
    assert.ok(maxIssuesInFlight <= MAX_CONCURRENT, `token issues at once: ${maxIssuesInFlight}`);
    assert.ok(maxIssuesInFlight > 1, 'the issues did overlap (the limit was exercised, not serialised)');
    const online = await api<{ num_sessions: number }>(ej, 'connected_users_number', {});
    assert.equal(online.num_sessions, STREAMS, 'ejabberd sees every stream again');
    phases.maxTokenIssuesInFlight = maxIssuesInFlight;
  });
});
