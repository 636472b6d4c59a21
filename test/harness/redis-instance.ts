/**
 * A throwaway Redis (Debian's redis-server) on loopback for the shared mode's tests, `make
 * run-cluster` and the benchmarks: temp dir, free port, AOF with fsync always (the durability
 * ofgate documents), no RDB snapshots, a stdin watchdog (a shell reads stdin and kills the
 * server when this process dies), readiness by PING, SIGTERM then SIGKILL on stop.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { stopWatchedChild } from './watched-child.js';

export interface RedisInstance {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  /** Sends a command line (inline protocol) and returns the raw reply. */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

export interface RedisOptions {
  port?: number;
  /** appendfsync: always (default, every write durable) or everysec. */
  fsync?: 'always' | 'everysec';
  readyTimeoutMs?: number;
  keep?: boolean;
}

export function redisAvailable(): boolean {
  return existsSync('/usr/bin/redis-server');
}

export async function startRedis(opts: RedisOptions = {}): Promise<RedisInstance> {
  if (!redisAvailable()) throw new Error("redis-server is not installed: run make deps (Debian's redis-server)");
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-redis-'));
  const port = opts.port ?? (await freePort());
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', 'yes', '--appendfsync', opts.fsync ?? 'always', '--daemonize', 'no',
    '--logfile', join(dir, 'redis.log'), '--protected-mode', 'yes',
  ];
  // The shell keeps the server's pid and kills it when stdin closes (this process died or stop()).
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('sh', ['-c', `/usr/bin/redis-server ${quoted} & pid=$!; trap 'kill $pid 2>/dev/null' TERM; read _ ; kill $pid 2>/dev/null; wait $pid`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const command = (line: string): Promise<string> => redisCommand(port, line);
  const instance: RedisInstance = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: child.pid ?? -1,
    command,
    async stop() {
      await stopWatchedChild(child);
      if (!(opts.keep ?? process.env.OFGATE_KEEP_REDIS === '1')) rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 10_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited during start\n${logTail(dir)}`);
    try {
      if ((await command('PING')).startsWith('+PONG')) return instance;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`redis-server not ready\n${logTail(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/** One inline command on a fresh connection; resolves with the first reply chunk. */
function redisCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    sock.setTimeout(2000, () => sock.destroy(new Error('redis command timed out')));
    sock.once('error', reject);
    sock.once('data', (d) => {
      resolve(d.toString('utf8'));
      sock.end();
    });
    sock.write(`${line}\r\n`);
  });
}
