/**
 * A throwaway ejabberd from a copy of Debian's stock /etc/ejabberd/ejabberd.yml with only its
 * ports and paths changed (every listener on a free port, certfiles pointing at a copy of the
 * self-signed /etc/ejabberd/ejabberd.pem), so STARTTLS-required c2s, mod_fail2ban,
 * `disable_sasl_mechanisms: [digest-md5, X-OAUTH2]` and the rest stay as shipped.
 * prepareStockConfig() makes the copy (ofgate setup-ejabberd is then run on it);
 * startStockEjabberd() starts it (mod_ofgate on the code path, stdin watchdog, ready when
 * the given API answers `status`, SIGTERM then SIGKILL on stop).
 * Ports: the copy's listener ports are held (free-port.ts holdPort) from the moment they are
 * written until releasePorts(), called just before ejabberd starts; a start that still fails on a
 * taken port rejects with code EADDRINUSE (portTaken), so the caller can retry on new ports.
 * References: ../shared/notes/ejabberd-23.01.md §3a, §10 (3, 13, 17); ejabberd-instance.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEjabberd } from './ejabberd-paths.js';
import { holdPort, type HeldPort } from './free-port.js';

export const STOCK_CONFIG = '/etc/ejabberd/ejabberd.yml';
export const STOCK_CERT = '/etc/ejabberd/ejabberd.pem';

export interface StockCopy {
  readonly dir: string;
  readonly configFile: string;
  readonly certFile: string;
  /** The copy as written (ports and paths changed), for the byte-for-byte undo check. */
  readonly original: Buffer;
  /** Port of the STARTTLS-required c2s (stock 5222). */
  readonly c2sPort: number;
  /** Port of the direct-TLS c2s (stock 5223). */
  readonly c2sTlsPort: number;
  /** Lets the listener ports go, for ejabberd to bind them: call it just before startStockEjabberd. */
  releasePorts(): Promise<void>;
  dispose(): void;
}

export function stockAvailable(): boolean {
  return existsSync(STOCK_CONFIG) && existsSync(STOCK_CERT);
}

export async function prepareStockConfig(): Promise<StockCopy> {
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-stock-'));
  const certFile = join(dir, 'ejabberd.pem');
  copyFileSync(STOCK_CERT, certFile);
  const held = new Map<number, HeldPort>();
  const releasePorts = async (): Promise<void> => {
    await Promise.all([...held.values()].map((h) => h.release()));
  };
  let text = readFileSync(STOCK_CONFIG, 'utf8');
  try {
    for (const m of text.matchAll(/^(\s+)port: (\d+)\s*$/gm)) if (!held.has(Number(m[2]))) held.set(Number(m[2]), await holdPort());
  } catch (err) {
    await releasePorts();
    throw err;
  }
  const ports = new Map([...held].map(([stock, h]) => [stock, h.port]));
  text = text.replace(/^(\s+)port: (\d+)\s*$/gm, (_l, sp: string, p: string) => `${sp}port: ${ports.get(Number(p))}`);
  text = text.split(STOCK_CERT).join(certFile);
  const configFile = join(dir, 'ejabberd.yml');
  writeFileSync(configFile, text, { mode: 0o600 });
  return {
    dir, configFile, certFile,
    original: readFileSync(configFile),
    c2sPort: ports.get(5222) ?? 0,
    c2sTlsPort: ports.get(5223) ?? 0,
    releasePorts,
    dispose: () => {
      void releasePorts();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StockEjabberd {
  readonly pid: number;
  log(): string;
  stop(): Promise<void>;
}

/** Starts ejabberd on `configFile`; ready once POST {apiUrl}/status answers. */
export async function startStockEjabberd(configFile: string, apiUrl: string, ebins: readonly string[], timeoutMs = 30000): Promise<StockEjabberd> {
  const paths = findEjabberd();
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-stock-run-'));
  mkdirSync(join(dir, 'spool'));
  const logFile = join(dir, 'ejabberd.log');
  const out = openSync(join(dir, 'stdout.log'), 'a');
  const child = spawn('erl', [
    '-noshell', ...ebins.flatMap((e) => ['-pa', e]),
    '-mnesia', 'dir', JSON.stringify(join(dir, 'spool')),
    '-s', 'ejabberd',
    '-eval', 'spawn(fun() -> _ = io:get_line(""), init:stop() end)',
  ], {
    cwd: dir,
    env: { ...process.env, EJABBERD_CONFIG_PATH: configFile, EJABBERD_LOG_PATH: logFile, ERL_LIBS: paths.libParent, ERL_CRASH_DUMP: join(dir, 'erl_crash.dump'), CONTRIB_MODULES_PATH: join(dir, 'contrib') },
    stdio: ['pipe', out, out],
  });
  closeSync(out);
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const tail = (): string => read(join(dir, 'stdout.log')).split('\n').slice(-30).join('\n');
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const t = tail();
      const taken = /eaddrinuse/i.test(read(join(dir, 'stdout.log')) + read(logFile));
      await stop();
      throw Object.assign(new Error(`ejabberd (stock copy) exited during start${taken ? ': a listener port was taken (eaddrinuse)' : ''}\n${t}`), taken ? { code: 'EADDRINUSE' } : {});
    }
    try {
      const res = await fetch(`${apiUrl}/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const t = tail();
      await stop();
      throw new Error(`ejabberd (stock copy) not ready after ${timeoutMs} ms\n${t}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid ?? -1, log: () => read(logFile), stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  child.stdin?.destroy();
}
