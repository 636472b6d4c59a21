/**
 * A throwaway ejabberd from a copy of Debian's stock /etc/ejabberd/ejabberd.yml with only its
 * ports and paths changed (every listener on a free port, certfiles pointing at a copy of the
 * self-signed /etc/ejabberd/ejabberd.pem), so STARTTLS-required c2s, mod_fail2ban,
 * `disable_sasl_mechanisms: [digest-md5, X-OAUTH2]` and the rest stay as shipped.
 * prepareStockConfig() makes the copy (ofgate setup-ejabberd is then run on it);
 * startStockEjabberd() starts it (mod_ofgate on the code path, stdin watchdog, ready when
 * the given API answers `status`, SIGTERM then SIGKILL on stop).
 * References: ../shared/notes/ejabberd-23.01.md §3a, §10 (3, 13, 17); ejabberd-instance.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEjabberd } from './ejabberd-paths.js';
import { freePort } from './free-port.js';

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
  dispose(): void;
}

export function stockAvailable(): boolean {
  return existsSync(STOCK_CONFIG) && existsSync(STOCK_CERT);
}

export async function prepareStockConfig(): Promise<StockCopy> {
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-stock-'));
  const certFile = join(dir, 'ejabberd.pem');
  copyFileSync(STOCK_CERT, certFile);
  const ports = new Map<number, number>();
  let text = readFileSync(STOCK_CONFIG, 'utf8');
  for (const m of text.matchAll(/^(\s+)port: (\d+)\s*$/gm)) if (!ports.has(Number(m[2]))) ports.set(Number(m[2]), await freePort());
  text = text.replace(/^(\s+)port: (\d+)\s*$/gm, (_l, sp: string, p: string) => `${sp}port: ${ports.get(Number(p))}`);
  text = text.split(STOCK_CERT).join(certFile);
  const configFile = join(dir, 'ejabberd.yml');
  writeFileSync(configFile, text, { mode: 0o600 });
  return {
    dir, configFile, certFile,
    original: readFileSync(configFile),
    c2sPort: ports.get(5222) ?? 0,
    c2sTlsPort: ports.get(5223) ?? 0,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
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
  const tail = (): string => (existsSync(join(dir, 'stdout.log')) ? readFileSync(join(dir, 'stdout.log'), 'utf8').split('\n').slice(-30).join('\n') : '');
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const t = tail();
      await stop();
      throw new Error(`ejabberd (stock copy) exited during start\n${t}`);
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
  return { pid: child.pid ?? -1, log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''), stop };
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
