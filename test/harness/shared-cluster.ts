/**
 * The two-instance suite's cluster (Redis, two ofgate processes sharing it, haproxy in front, and
 * its own ejabberd whose shim posts through the balancer): started once per run by the first
 * test file that asks, stopped by the root hooks. Files that kill instances restart what they
 * need (`instancesUp`).
 */
import { startCluster, type Cluster } from './start-cluster.js';

let cluster: Promise<Cluster> | undefined;

export function getCluster(): Promise<Cluster> {
  cluster ??= startCluster({ logLevel: 'warn', ejabberdLogLevel: 'warning', overrides: { 'cluster.leaseSeconds': 3, 'sse.heartbeatSeconds': 1 } });
  return cluster;
}

/** Restarts every instance that is not running and waits until the balancer sees both up. */
export async function instancesUp(c: Cluster): Promise<void> {
  for (const i of c.instances) if (!i.running()) await i.restart();
  await Promise.all(c.instances.map((i) => c.haproxy.waitServer(i.name, 'UP')));
}

export async function stopSharedCluster(): Promise<void> {
  if (!cluster) return;
  const c = cluster;
  cluster = undefined;
  await (await c.catch(() => undefined))?.stop();
}
