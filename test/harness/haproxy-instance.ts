/**
 * A throwaway haproxy (Debian's) on loopback in front of ofgate instances, for `make
 * run-cluster` and the cluster tests: temp dir, its config (haproxy-config.ts), foreground
 * (-db) behind a shell stdin watchdog (the balancer dies with this process), its own process
 * group (a Ctrl-C reaches the harness, which stops it in order), readiness by its stats socket,
 * server states read from that socket so tests wait for "a is DOWN" instead of sleeping.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { renderHaproxyConfig, type HaproxyServer } from './haproxy-config.js';
import { stopWatchedChild } from './watched-child.js';

export { SERVER_HEADER, type HaproxyServer } from './haproxy-config.js';

const HAPROXY = '/usr/sbin/haproxy';

export interface HaproxyOptions {
  port?: number;
  servers: readonly HaproxyServer[];
  healthPath?: string;
  checkIntervalMs?: number;
  readyTimeoutMs?: number;
  keep?: boolean;
}

/** A server's state as haproxy's checks see it: the first word of show stat's status (UP, DOWN, MAINT, no). */
export type ServerState = string;

export interface HaproxyInstance {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly configFile: string;
  readonly pid: number;
  /** haproxy's own output (warnings, alerts). */
  log(): string;
  /** Server name -> state, as of the last checks. */
  serverStates(): Promise<Record<string, ServerState>>;
  /** Resolves once `server` is in `state`; rejects after timeoutMs. */
  waitServer(server: string, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function haproxyAvailable(): boolean {
  return existsSync(HAPROXY);
}

export async function startHaproxy(opts: HaproxyOptions): Promise<HaproxyInstance> {
  if (!haproxyAvailable()) throw new Error("haproxy is not installed: run make deps (Debian's haproxy)");
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-haproxy-'));
  const port = opts.port ?? (await freePort());
  const statsSocket = join(dir, 'stats.sock');
  const configFile = join(dir, 'haproxy.cfg');
  const logFile = join(dir, 'haproxy.log');
  writeFileSync(
    configFile,
    renderHaproxyConfig({ port, servers: opts.servers, statsSocket, healthPath: opts.healthPath ?? '/healthz', checkIntervalMs: opts.checkIntervalMs ?? 500 }),
  );
  // The shell keeps haproxy's pid and kills it when stdin closes (this process died or stop()).
  const out = openSync(logFile, 'a');
  const child = spawn('sh', ['-c', `${HAPROXY} -db -f '${configFile}' & pid=$!; trap 'kill $pid 2>/dev/null' TERM; read _ ; kill $pid 2>/dev/null; wait $pid`], {
    stdio: ['pipe', out, out],
    detached: true,
  });
  closeSync(out);
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const serverStates = async (): Promise<Record<string, ServerState>> => parseServerStates(await statsCommand(statsSocket, 'show stat'));
  const instance: HaproxyInstance = {
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    configFile,
    pid: child.pid ?? -1,
    log: readLog,
    serverStates,
    async waitServer(server, state, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let seen: ServerState | undefined;
      for (;;) {
        seen = (await serverStates())[server];
        if (seen === state) return;
        if (Date.now() > deadline) throw new Error(`haproxy: server ${server} is ${seen ?? 'unknown'}, not ${state}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await stopWatchedChild(child);
      if (!(opts.keep ?? process.env.OFGATE_KEEP_HAPROXY === '1')) rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 10_000);
  for (;;) {
    if (child.exitCode !== null) {
      const log = readLog();
      await instance.stop();
      throw new Error(`haproxy exited during start\n${log}`);
    }
    try {
      await serverStates();
      return instance;
    } catch {
      // socket not there yet
    }
    if (Date.now() > deadline) {
      const log = readLog();
      await instance.stop();
      throw new Error(`haproxy not ready\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** show stat's CSV: "# pxname,svname,...,status,..." then one line per proxy/server. */
function parseServerStates(csv: string): Record<string, ServerState> {
  const lines = csv.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const sv = header.indexOf('svname');
  const status = header.indexOf('status');
  if (sv < 0 || status < 0) throw new Error(`haproxy: unexpected show stat output: ${csv.slice(0, 200)}`);
  const out: Record<string, ServerState> = {};
  for (const line of lines.slice(1)) {
    const cols = line.split(',');
    const name = cols[sv];
    if (!name || name === 'FRONTEND' || name === 'BACKEND') continue;
    out[name] = (cols[status] ?? '').split(' ')[0] ?? '';
  }
  return out;
}

/** One command on haproxy's stats socket; resolves with the whole reply. */
function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(socket);
    let reply = '';
    sock.setTimeout(2000, () => sock.destroy(new Error('haproxy stats command timed out')));
    sock.once('error', reject);
    sock.on('data', (d) => (reply += d.toString('utf8')));
    sock.once('end', () => resolve(reply));
    sock.write(`${command}\n`);
  });
}
