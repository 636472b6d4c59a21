/**
 * The ejabberd backend with every operation timed into the metrics (latency, errors), by the
 * operation's name: one wrapper at the composition root instead of a timer in each call site.
 * Properties that are not functions (host) pass through unchanged.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Metrics } from './metrics.js';

export function timedBackend(backend: EjabberdBackend, metrics: Pick<Metrics, 'ejabberdCall'>): EjabberdBackend {
  // one wrapper per operation, made at its first call (not a closure per call)
  const wrappers = new Map<string, (...args: unknown[]) => unknown>();
  return new Proxy(backend, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      const known = wrappers.get(key);
      if (known) return known;
      const wrapper = (...args: unknown[]): unknown => {
        const start = process.hrtime.bigint();
        const done = (failed: boolean): void => metrics.ejabberdCall(key, Number(process.hrtime.bigint() - start) / 1e9, failed);
        try {
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (out instanceof Promise) return out.then((v) => (done(false), v), (e: unknown) => { done(true); throw e; });
          done(false);
          return out;
        } catch (error) {
          done(true);
          throw error;
        }
      };
      wrappers.set(key, wrapper);
      return wrapper;
    },
  });
}
