/**
 * ofgate's Prometheus metrics (prom-client), one registry per gateway (tests run several in one
 * process). What is measured where:
 * - HTTP requests by method, route (the declared path, never the raw URL: bounded labels) and
 *   status, with a latency histogram; failed logins (a 401 to a request that carried credentials);
 * - the XMPP streams ofgate holds (session pool) and those reconnecting;
 * - SSE clients open on this instance and the bytes they have not read yet;
 * - hook events taken in by kind, and their lag (time from ejabberd's hook to ofgate's bus);
 * - ejabberd API calls by operation: latency and errors.
 * Gauges read their sources when scraped (`collect`), so the hot paths only count.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  readonly streams: () => { readonly streams: number; readonly reconnecting: number };
  readonly sse?: () => { readonly clients: number; readonly bufferedBytes: number };
}

export interface Metrics {
  readonly registry: Registry;
  request(method: string, route: string, status: number, seconds: number, hadCredentials: boolean): void;
  hookEvent(kind: string, lagSeconds: number): void;
  ejabberdCall(operation: string, seconds: number, failed: boolean): void;
  /** The text a scrape gets. */
  render(): Promise<string>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ofgate_process_' });
  const requests = new Counter({ name: 'ofgate_http_requests_total', help: 'HTTP requests answered, by method, declared route and status.', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const latency = new Histogram({ name: 'ofgate_http_request_duration_seconds', help: 'Time from a request\'s arrival to the end of its answer (an SSE stream: until it closes).', labelNames: ['method', 'route'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
  const loginFailures = new Counter({ name: 'ofgate_login_failures_total', help: 'Requests with credentials answered 401 (a wrong password, an unknown or locked account).', registers: [registry] });
  const hookEvents = new Counter({ name: 'ofgate_hook_events_total', help: 'mod_ofgate events taken in, by kind.', labelNames: ['kind'] as const, registers: [registry] });
  const hookLag = new Histogram({ name: 'ofgate_hook_event_lag_seconds', help: 'From the ejabberd hook to ofgate\'s bus (clocks of one machine, or NTP-synchronised ones).', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] });
  const calls = new Histogram({ name: 'ofgate_ejabberd_call_duration_seconds', help: 'ejabberd API calls by backend operation.', labelNames: ['operation'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
  const callErrors = new Counter({ name: 'ofgate_ejabberd_call_errors_total', help: 'ejabberd API calls that failed (any error, a not-found included), by operation.', labelNames: ['operation'] as const, registers: [registry] });
  new Gauge({
    name: 'ofgate_xmpp_streams', help: 'Users\' XMPP streams this instance holds, and those between a drop and their next login.', labelNames: ['state'] as const, registers: [registry],
    collect() {
      const s = sources.streams();
      this.set({ state: 'open' }, s.streams);
      this.set({ state: 'reconnecting' }, s.reconnecting);
    },
  });
  const sse = sources.sse;
  if (sse) {
    new Gauge({ name: 'ofgate_sse_clients', help: 'SSE streams open on this instance.', registers: [registry], collect() { this.set(sse().clients); } });
    new Gauge({ name: 'ofgate_sse_buffered_bytes', help: 'Bytes written to SSE clients and not yet taken by them.', registers: [registry], collect() { this.set(sse().bufferedBytes); } });
  }
  return {
    registry,
    request(method, route, status, seconds, hadCredentials) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
      if (status === 401 && hadCredentials) loginFailures.inc();
    },
    hookEvent(kind, lagSeconds) {
      hookEvents.inc({ kind });
      if (lagSeconds >= 0) hookLag.observe(lagSeconds);
    },
    ejabberdCall(operation, seconds, failed) {
      calls.observe({ operation }, seconds);
      if (failed) callErrors.inc({ operation });
    },
    render: () => registry.metrics(),
  };
}
