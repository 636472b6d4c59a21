/**
 * The one way ofgate opens a Redis connection (store, event logs, hook intake; a blocking read
 * needs a connection of its own: call this again). Options chosen so callers fail fast and never
 * apply a write twice:
 * - no offline queue: while Redis is unreachable a command rejects at once instead of piling up;
 * - maxRetriesPerRequest 0 and no resend of unanswered commands after a reconnect: a command whose
 *   reply was lost rejects (its outcome is unknown) rather than running again;
 * - reconnect for ever with capped, jittered back-off (100 ms doubling to 2 s);
 * - `connectRedis` resolves once the connection is ready, or rejects after `readyTimeoutMs`.
 * Connection state changes are logged once per change (not once per failed attempt).
 */
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../log/index.js';

export type { Redis } from 'ioredis';

export interface ConnectRedisOptions {
  /** redis://[:password@]host:port[/db] or rediss://… */
  readonly url: string;
  /** CLIENT SETNAME, shown by CLIENT LIST (e.g. ofgate-store). */
  readonly name?: string;
  readonly log?: Logger;
  /** Commands issued in the same tick go out in one write (ioredis auto-pipelining): for hot paths. */
  readonly autoPipelining?: boolean;
  /** A command without an answer after this long rejects (default 5 s). */
  readonly commandTimeoutMs?: number;
  /** How long to wait for the first connection (default 10 s). */
  readonly readyTimeoutMs?: number;
}

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2000;

export function reconnectDelay(attempt: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt - 1, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** The URL without its password, for logs. */
function safeUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

export async function connectRedis(opts: ConnectRedisOptions): Promise<Redis> {
  const log = opts.log ?? silentLogger;
  const where = safeUrl(opts.url);
  const redis = new Redis(opts.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 5000,
    // a Redis that stops answering without closing the connection (a partition) must not hang
    // callers: leases, the stream gate and the hook intake answer "retry" instead. Blocking reads
    // (the hook stream reader) block for less than this.
    commandTimeout: opts.commandTimeoutMs ?? 5000,
    enableAutoPipelining: opts.autoPipelining ?? false,
    retryStrategy: reconnectDelay,
    ...(opts.name ? { connectionName: opts.name } : {}),
  });
  let up = false;
  let lastError = '';
  redis.on('ready', () => {
    if (lastError) log.info('redis: connected again', { url: where, name: opts.name });
    up = true;
    lastError = '';
  });
  redis.on('error', (e: Error) => {
    if (e.message === lastError) return;
    lastError = e.message;
    log.warn(up ? 'redis: connection lost; reconnecting' : 'redis: cannot connect; retrying', { url: where, name: opts.name, error: e.message });
    up = false;
  });

  const timeoutMs = opts.readyTimeoutMs ?? 10_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      redis.disconnect();
      reject(new Error(`redis at ${where} not reachable within ${timeoutMs} ms${lastError ? `: ${lastError}` : ''}`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
  return redis;
}

/** Sends QUIT (pending replies arrive first); drops the socket if that takes over a second. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  const quit = redis.quit().then(() => undefined, () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
  await Promise.race([quit, late]);
  clearTimeout(timer);
  redis.disconnect();
}
