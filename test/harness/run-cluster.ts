/**
 * `make run-cluster`: the shared mode in the foreground — a throwaway ejabberd, Redis, two
 * ofgate instances (store.backend redis) and haproxy in front (round-robin, no stickiness).
 * Prints the balancer's URL (what clients use), both instances' direct URLs and the admin
 * credentials; Ctrl-C stops everything. The same overrides as `make run`: OFGATE_PORT (7070)
 * is the balancer's port, OFGATE_XMPP_PORT (5222) ejabberd's, OFGATE_SECRET and
 * OFGATE_ADMIN_PASSWORD are shared by both instances.
 */
import { startCluster } from './start-cluster.js';
import { endpointLines, runOverrides } from './run-banner.js';
import { stopOnSignals } from './watched-child.js';

const cluster = await startCluster({
  ...runOverrides(),
});
const [a, b] = cluster.instances;

process.stdout.write(`
ofgate is running as a cluster of two instances behind haproxy, against a throwaway ejabberd
and a throwaway Redis (data is discarded on exit).

${endpointLines(cluster)}
  mod_ofgate        ${cluster.shimLoaded ? `loaded, posting to ${cluster.url}/hooks/events` : 'not built'}
  balancer          haproxy ${cluster.url} (round-robin, no stickiness)   config ${cluster.haproxy.configFile}
  instance ${a.instanceId}        ${a.url}   log ${a.logFile}
  instance ${b.instanceId}        ${b.url}   log ${b.logFile}
  Redis             ${cluster.redis.url}

Press Ctrl-C to stop.
`);

stopOnSignals('the instances, haproxy, ejabberd and Redis', () => cluster.stop());
