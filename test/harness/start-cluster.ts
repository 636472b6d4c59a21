/**
 * The shared mode on one machine: a throwaway ejabberd (with mod_ofgate), a throwaway Redis,
 * two ofgate instances as child processes sharing it (store.backend redis) and haproxy in front
 * of them (round-robin, no stickiness). Used by `make run-cluster` and the cluster e2e tests.
 * Rules it keeps:
 * - mod_ofgate posts its hook events to the balancer, never to one instance: the balancer's
 *   port is chosen, and haproxy started, before ejabberd.
 * - Both instances share the Redis URL, the shared secret, the hook secret, the admin, the
 *   XMPP service and the ejabberd API; each has its own port, instance id (a, b), data dir and
 *   cluster.advertiseUrl (its direct URL).
 * - stop() ends everything that was started, also after a failed start: instances first (they
 *   still reach Redis and ejabberd while they stop), then ejabberd, haproxy, Redis.
 */
import { randomBytes } from 'node:crypto';
import { shimAvailable, startEjabberd, type EjabberdInstance } from './ejabberd-instance.js';
import { holdPort } from './free-port.js';
import { startHaproxy, type HaproxyInstance } from './haproxy-instance.js';
import { startOfgateProcess, type OfgateProcess } from './ofgate-process.js';
import { startRedis, type RedisInstance } from './redis-instance.js';

export const INSTANCE_IDS = ['a', 'b'] as const;

export interface ClusterInstance extends OfgateProcess {
  readonly instanceId: string;
}

export interface Cluster {
  readonly ej: EjabberdInstance;
  readonly redis: RedisInstance;
  readonly haproxy: HaproxyInstance;
  readonly instances: readonly [ClusterInstance, ClusterInstance];
  /** The balancer's URL: what clients and mod_ofgate use. */
  readonly url: string;
  readonly port: number;
  readonly secret: string;
  readonly hookSecret: string;
  readonly domain: string;
  readonly adminUser: string;
  readonly adminPassword: string;
  readonly shimLoaded: boolean;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** The balancer's port. */
  port?: number;
  /** ejabberd's c2s port. */
  c2sPort?: number;
  secret?: string;
  adminPassword?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  ejabberdLogLevel?: 'info' | 'warning';
  /** Extra config of both instances (dotted paths). */
  overrides?: Readonly<Record<string, unknown>>;
  runner?: 'dist' | 'source';
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const domain = 'localhost';
  const adminUser = 'admin';
  const secret = opts.secret ?? randomBytes(18).toString('base64url');
  const hookSecret = randomBytes(18).toString('base64url');
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('base64url');
  const shimLoaded = shimAvailable();
  // held until each instance binds: Redis, haproxy and ejabberd start in between (seconds in which
  // a port only looked up could become another process's listener or connection)
  const held = [await holdPort(), await holdPort()] as const;
  const ports = held.map((h) => h.port);
  const cleanups: Array<() => Promise<void>> = [async () => {
    await Promise.all(held.map((h) => h.release()));
  }];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const haproxy = await startHaproxy({
      ...(opts.port ? { port: opts.port } : {}),
      servers: INSTANCE_IDS.map((name, i) => ({ name, port: ports[i] as number })),
    });
    cleanups.push(() => haproxy.stop());
    const ej = await startEjabberd({
      domain,
      logLevel: opts.ejabberdLogLevel ?? 'info',
      ...(opts.c2sPort ? { c2sPort: opts.c2sPort } : {}),
      shim: shimLoaded ? { url: `${haproxy.url}/hooks/events`, secret: hookSecret } : undefined,
    });
    cleanups.push(() => ej.stop());
    const reg = await fetch(`${ej.apiUrl}/register`, {
      method: 'POST',
      body: JSON.stringify({ user: adminUser, host: domain, password: adminPassword }),
    });
    if (!reg.ok) throw new Error(`cannot register admin: ${reg.status} ${await reg.text()}`);
    const config: Record<string, unknown> = {
      'xmpp.domain': domain,
      'xmpp.service': ej.xmppService,
      'ejabberd.backend': 'http-api',
      'ejabberd.httpApi.url': ej.apiUrl,
      'ejabberd.xmlrpc.url': ej.xmlrpcUrl,
      'ejabberd.shimLoaded': shimLoaded,
      'auth.secret': secret,
      'auth.admins': [adminUser],
      'hooks.secret': hookSecret,
      'store.backend': 'redis',
      'redis.url': redis.url,
      'log.level': opts.logLevel ?? 'info',
      ...opts.overrides,
    };
    const started = await Promise.allSettled(
      INSTANCE_IDS.map(async (name, i) => {
        await held[i]?.release();
        return startOfgateProcess({ name, port: ports[i] as number, config, cluster: true, ...(opts.runner ? { runner: opts.runner } : {}) });
      }),
    );
    const instances: ClusterInstance[] = [];
    for (const s of started) {
      if (s.status === 'fulfilled') {
        cleanups.push(() => s.value.dispose());
        instances.push({ ...s.value, instanceId: s.value.name });
      }
    }
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = instances;
    if (!a || !b) throw new Error('cluster: an instance is missing');
    await Promise.all(INSTANCE_IDS.map((name) => haproxy.waitServer(name, 'UP')));
    return {
      ej, redis, haproxy, secret, hookSecret, domain, adminUser, adminPassword, shimLoaded,
      instances: [a, b],
      url: haproxy.url,
      port: haproxy.port,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
