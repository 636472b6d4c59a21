/**
 * Concurrent streams: users log in through ofgate (password, ~50 in flight) and keep an SSE
 * stream open, up to each N in `sizes`; at each N ofgate's memory (after a full GC), ejabberd's,
 * Redis's in the shared mode, and the sessions ejabberd counts. Then every stream logs off, and
 * ofgate must still be healthy with ejabberd's connected_users_number back at its baseline (pitfall 18).
 */
import { waitSessions } from './direct-logins.js';
import { connectedUsers, registerUsers } from './ejabberd-api.js';
import { measureLogins, type LoginRateResult } from './login-rate.js';
import { loginWithPassword, logoff, openChatEvents, type OfgateTarget } from './ofgate-chat.js';
import type { OfgateProcess } from './ofgate-process.js';
import { vmRssKiB } from './proc-memory.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { Meter } from './relay-driver.js';
import type { SseConnection } from './sse-client.js';

export interface StreamsOptions {
  readonly sizes: readonly number[];
  readonly inFlight: number;
  /** Called while the most streams are open (heap snapshot). */
  readonly atMax?: () => Promise<void>;
  /** Wraps each timed phase (CPU profile of ofgate). */
  readonly profiled?: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  /** Profile names get this prefix (the shared mode's phases: "shared-"). */
  readonly profilePrefix?: string;
  /** Shared mode: Redis's memory is measured at each point too. */
  readonly redis?: { readonly pid: number; usedMemoryKiB(): Promise<number> };
}

export interface MemoryPoint {
  readonly streams: number;
  readonly ofgateRssKiB: number;
  readonly ofgateHeapUsedKiB: number;
  readonly ofgateHeapTotalKiB: number;
  readonly ofgateExternalKiB: number;
  readonly ejabberdRssKiB: number;
  readonly ejabberdSessions: number;
  /** Shared mode: redis-server's VmRSS and its own used_memory. */
  readonly redisRssKiB?: number;
  readonly redisUsedKiB?: number;
}

export interface StreamsResult {
  readonly points: MemoryPoint[];
  /** Rates of the last growth step (most streams already open); the clean login rates are ofgate-logins.ts's. */
  readonly growth: { readonly logins: LoginRateResult; readonly sseOpen: LoginRateResult; readonly logoff: LoginRateResult };
  readonly afterLogoff: MemoryPoint & { readonly baselineSessions: number; readonly backToBaseline: boolean; readonly healthy: boolean; readonly ofgateAlive: boolean; readonly ofgateUncaught: number; readonly streamsStillOpen: number };
}

const PASSWORD = 'bench-pw';

export async function runStreams(og: OfgateTarget, ej: EjabberdTarget, ofgate: OfgateProcess, meter: Meter, o: StreamsOptions): Promise<StreamsResult> {
  const phase = <T>(name: string, run: () => Promise<T>): Promise<T> => (o.profiled ? o.profiled(`${o.profilePrefix ?? ''}${name}`, run) : run());
  const max = Math.max(...o.sizes);
  const users = Array.from({ length: max }, (_, i) => `st${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, users, PASSWORD);
  const baselineSessions = await connectedUsers(ej.agent, ej.apiUrl);
  const point = async (streams: number): Promise<MemoryPoint> => {
    const mem = await ofgate.probe<NodeJS.MemoryUsage>('gc');
    return {
      streams,
      ofgateRssKiB: vmRssKiB(ofgate.pid),
      ofgateHeapUsedKiB: Math.round(mem.heapUsed / 1024),
      ofgateHeapTotalKiB: Math.round(mem.heapTotal / 1024),
      ofgateExternalKiB: Math.round(mem.external / 1024),
      ejabberdRssKiB: vmRssKiB(meter.pids.ejabberd ?? -1),
      ejabberdSessions: await connectedUsers(ej.agent, ej.apiUrl),
      ...(o.redis ? { redisRssKiB: vmRssKiB(o.redis.pid), redisUsedKiB: await o.redis.usedMemoryKiB() } : {}),
    };
  };
  const points = [await point(0)];

  const sids: string[] = new Array<string>(max);
  const sse: SseConnection[] = [];
  const logins: LoginRateResult[] = [];
  const opens: LoginRateResult[] = [];
  let have = 0;
  for (const n of [...o.sizes].sort((a, b) => a - b)) {
    if (n <= have) continue;
    const from = have;
    logins.push(await phase(`growth-login-${n}`, () => measureLogins(n - from, o.inFlight, async (k) => {
      sids[from + k] = await loginWithPassword(og, users[from + k] as string, PASSWORD);
    }, meter)));
    opens.push(await phase(`growth-sse-open-${n}`, () => measureLogins(n - from, o.inFlight, async (k) => {
      sse.push(await openChatEvents(og, users[from + k] as string, PASSWORD, () => {}));
    }, meter)));
    have = n;
    points.push(await point(sse.length));
  }
  await o.atMax?.();

  let ended = 0;
  for (const s of sse) void s.ended.then(() => ended++);
  const logoffs = await phase('growth-logoff', () => measureLogins(have, o.inFlight, (i) => logoff(og, sids[i] as string), meter));
  await Promise.race([Promise.all(sse.map((s) => s.ended)), new Promise((r) => setTimeout(r, 10000))]);
  const streamsStillOpen = sse.length - ended;
  for (const s of sse) s.close();
  const backToBaseline = await waitSessions(ej, baselineSessions);
  const healthy = await fetch(`${og.url}/healthz`).then((r) => r.ok, () => false);
  const last = await point(0);
  const lastLogins = logins[logins.length - 1];
  const lastOpens = opens[opens.length - 1];
  if (!lastLogins || !lastOpens) throw new Error('streams: no size to grow to');
  return {
    points,
    growth: { logins: lastLogins, sseOpen: lastOpens, logoff: logoffs },
    afterLogoff: { ...last, baselineSessions, backToBaseline, healthy, ofgateAlive: ofgate.alive(), ofgateUncaught: ofgate.uncaught(), streamsStillOpen },
  };
}
