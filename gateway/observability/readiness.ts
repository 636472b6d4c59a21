/**
 * Readiness: can this instance serve users now? Four checks, run together, each bounded:
 * - ejabberdApi: the admin API answers (`status`);
 * - c2s: ejabberd's client port gives stream features (every user's stream starts there);
 * - hookIntake (with the shim): mod_ofgate is not holding events that ofgate has stopped taking
 *   in — events queued in the shim while none reached ofgate for `hookSilenceMs` means the
 *   shim's url or secret is wrong, or ofgate's intake is stuck;
 * - store: a probe record can be written.
 * The answer names the parts that failed; the causes go to the log (warn), not to the caller
 * (they name hosts and ports). Liveness is simpler: the process answers.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { probeC2s } from './c2s-probe.js';

export type ReadinessPart = 'ejabberdApi' | 'c2s' | 'hookIntake' | 'store';

export interface Readiness {
  check(): Promise<{ ready: boolean; failed: ReadinessPart[] }>;
  /** A hook event reached ofgate's bus (the intake is alive). */
  hookSeen(): void;
}

export interface ReadinessDeps {
  readonly backend: Pick<EjabberdBackend, 'status' | 'shimStats'>;
  readonly store: Store;
  readonly service: string;
  readonly domain: string;
  readonly shimLoaded: boolean;
  readonly now: () => number;
  readonly log: Logger;
  readonly timeoutMs?: number;
  readonly hookSilenceMs?: number;
}

export function createReadiness(d: ReadinessDeps): Readiness {
  const timeoutMs = d.timeoutMs ?? 3000;
  const silenceMs = d.hookSilenceMs ?? 30_000;
  let lastHookAt = d.now();
  const probes = d.store.collection<{ at: number }>('opsReadiness');
  const bounded = <T>(p: Promise<T>, what: string): Promise<T> =>
    Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);

  const checks: Record<ReadinessPart, () => Promise<void>> = {
    ejabberdApi: async () => void (await bounded(d.backend.status(), 'ejabberd API')),
    c2s: () => probeC2s(d.service, d.domain, timeoutMs),
    hookIntake: async () => {
      if (!d.shimLoaded) return;
      const s = await bounded(d.backend.shimStats(), 'mod_ofgate stats');
      const quietMs = d.now() - lastHookAt;
      if (s.queued > 0 && quietMs > silenceMs) {
        throw new Error(`mod_ofgate holds ${s.queued} events and none reached ofgate for ${Math.round(quietMs / 1000)} s (${s.retries} failed posts): check mod_ofgate's url and secret (hooks.secret) and ofgate's log`);
      }
    },
    store: async () => void (await bounded(probes.put('probe', { at: d.now() }), 'store write')),
  };

  return {
    hookSeen() {
      lastHookAt = d.now();
    },
    async check() {
      const parts = Object.keys(checks) as ReadinessPart[];
      const results = await Promise.allSettled(parts.map((p) => checks[p]()));
      const failed: ReadinessPart[] = [];
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          failed.push(parts[i] as ReadinessPart);
          d.log.warn('readiness: a part failed', { part: parts[i], error: (r.reason as Error).message });
        }
      });
      return { ready: failed.length === 0, failed };
    },
  };
}
