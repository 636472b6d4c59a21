/**
 * The throwaway Redis of the shared-mode phases: the tests' own startRedis() (loopback, AOF,
 * no RDB), plus the pid of redis-server itself, so its CPU and memory are read from /proc like
 * ofgate's and ejabberd's (the harness's pid is the watchdog shell around it, which costs
 * nothing). The pid comes from Redis's own `INFO server` (process_id).
 */
import { startRedis, type RedisInstance } from '../test/harness/redis-instance.js';
import { parseCommandStats, type CommandStats } from './redis-command-stats.js';

export interface BenchRedis {
  readonly url: string;
  /** redis-server's own pid. */
  readonly pid: number;
  readonly fsync: 'always' | 'everysec';
  /** Redis's own count of the memory it allocated (INFO memory used_memory), in KiB. */
  usedMemoryKiB(): Promise<number>;
  /** INFO commandstats: calls and µs per command since the start. */
  commandStats(): Promise<CommandStats>;
  stop(): Promise<void>;
}

/** A field of an INFO reply (`name:value` lines); undefined when absent. */
export function infoField(reply: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(reply);
  return m?.[1];
}

export async function startBenchRedis(fsync: 'always' | 'everysec'): Promise<BenchRedis> {
  const redis: RedisInstance = await startRedis({ fsync });
  try {
    const pid = Number(infoField(await redis.command('INFO server'), 'process_id'));
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('redis: no process_id in INFO server');
    return {
      url: redis.url,
      pid,
      fsync,
      async usedMemoryKiB() {
        const bytes = Number(infoField(await redis.command('INFO memory'), 'used_memory'));
        return Number.isFinite(bytes) ? Math.round(bytes / 1024) : Number.NaN;
      },
      commandStats: async () => parseCommandStats(await redis.command('INFO commandstats')),
      stop: () => redis.stop(),
    };
  } catch (err) {
    await redis.stop();
    throw err;
  }
}
