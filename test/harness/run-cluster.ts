/**
 * `make run-cluster`: the shared mode in the foreground — a throwaway ejabberd, Redis, two
 * ofgate instances (store.backend redis) and haproxy in front (round-robin, no stickiness).
 * Prints the balancer's URL (what clients use), both instances' direct URLs and the admin
 * credentials; Ctrl-C stops everything. The same overrides as `make run`: OFGATE_PORT (7070)
 * is the balancer's port, OFGATE_XMPP_PORT (5222) ejabberd's, OFGATE_SECRET and
 * OFGATE_ADMIN_PASSWORD are shared by both instances.
 */
import { startCluster } from './start-cluster.js';
import { stopOnSignals } from './watched-child.js';

const env = process.env;
const cluster = await startCluster({
  port: Number(env.OFGATE_PORT ?? 7070),
  c2sPort: Number(env.OFGATE_XMPP_PORT ?? 5222),
  ...(env.OFGATE_SECRET ? { secret: env.OFGATE_SECRET } : {}),
  ...(env.OFGATE_ADMIN_PASSWORD ? { adminPassword: env.OFGATE_ADMIN_PASSWORD } : {}),
});
const [a, b] = cluster.instances;

process.stdout.write(`
ofgate is running as a cluster of two instances behind haproxy, against a throwaway ejabberd
and a throwaway Redis (data is discarded on exit).

  Swagger sandbox   ${cluster.url}/swagger
  REST base paths   ${cluster.url}/plugins/restapi/v1  ${cluster.url}/restapi/v1  ${cluster.url}/rest/api/restapi/v1
  SSE               ${cluster.url}/sse/{username}
  admin             ${cluster.adminUser}@${cluster.domain} / ${cluster.adminPassword}
  shared secret     ${cluster.secret}
  XMPP (c2s)        ${cluster.ej.xmppService}   ejabberd API ${cluster.ej.apiUrl}
  mod_ofgate        ${cluster.shimLoaded ? `loaded, posting to ${cluster.url}/hooks/events` : 'not built'}
  balancer          haproxy ${cluster.url} (round-robin, no stickiness)   config ${cluster.haproxy.configFile}
  instance ${a.instanceId}        ${a.url}   log ${a.logFile}
  instance ${b.instanceId}        ${b.url}   log ${b.logFile}
  Redis             ${cluster.redis.url}

Press Ctrl-C to stop.
`);

stopOnSignals('the instances, haproxy, ejabberd and Redis', () => cluster.stop());
