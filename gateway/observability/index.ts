/** Operations' view of a running ofgate: metrics, the access log, the timed ejabberd backend. */
export { createMetrics, type MetricSources, type Metrics } from './metrics.js';
export { accessLog } from './access-log.js';
export { timedBackend } from './timed-backend.js';
export { createReadiness, type Readiness, type ReadinessPart } from './readiness.js';
