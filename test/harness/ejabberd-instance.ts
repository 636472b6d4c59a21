/**
 * Starts a throwaway ejabberd on loopback: temp dir, free ports, its own Mnesia spool, stdin
 * watchdog (ejabberd stops itself when this process dies), readiness by polling /api/status
 * while watching the child's exit, SIGTERM then SIGKILL on stop.
 * References: ../shared/notes/ejabberd-23.01.md §3a, §4.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderEjabberdConfig, type ShimConfig } from './ejabberd-config.js';
import { findEjabberd } from './ejabberd-paths.js';
import { freePort } from './free-port.js';

export const projectRoot = resolve(new URL('.', import.meta.url).pathname, '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));

export interface EjabberdOptions {
  domain?: string;
  logLevel?: 'info' | 'warning' | 'error' | 'debug';
  c2sPort?: number;
  httpPort?: number;
  /** Load mod_ofgate and have it post to this URL with this secret. */
  shim?: ShimConfig | undefined;
  /** Keep the temp dir after stop (debugging). */
  keep?: boolean;
  readyTimeoutMs?: number;
}

export interface EjabberdInstance {
  readonly domain: string;
  readonly dir: string;
  readonly c2sPort: number;
  readonly httpPort: number;
  readonly apiUrl: string;
  readonly xmlrpcUrl: string;
  readonly xmppService: string;
  readonly pid: number;
  readonly logFile: string;
  /** Reads the ejabberd log (for assertions on warnings). */
  log(): string;
  stop(): Promise<void>;
}

/** The shim's source is in this checkout (mod_ofgate is then built and loaded into test ejabberds). */
export function shimAvailable(): boolean {
  return existsSync(join(projectRoot, 'erlang-shim', 'src', 'mod_ofgate.erl'));
}

/** Compiles the shim with the Makefile rule; returns the ebin dir to put on the code path. */
export function buildShim(): string {
  execFileSync('make', ['-s', '-C', projectRoot, 'shim'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return join(projectRoot, 'build', 'ebin');
}

/** A throwaway ejabberd's directory (spool, logs, its config) and ports, ready for spawnEjabberdVm. */
export interface EjabberdDir {
  readonly domain: string;
  readonly dir: string;
  readonly c2sPort: number;
  readonly httpPort: number;
  readonly apiUrl: string;
  readonly vm: SpawnEjabberdVmOptions;
}

export async function prepareEjabberdDir(opts: Pick<EjabberdOptions, 'domain' | 'logLevel' | 'c2sPort' | 'httpPort' | 'shim'>, dirPrefix: string): Promise<EjabberdDir> {
  const domain = opts.domain ?? 'localhost';
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  mkdirSync(join(dir, 'spool'));
  mkdirSync(join(dir, 'logs'));
  const c2sPort = opts.c2sPort ?? (await freePort());
  const httpPort = opts.httpPort ?? (await freePort());
  const configFile = join(dir, 'ejabberd.yml');
  writeFileSync(configFile, renderEjabberdConfig({ domain, c2sPort, httpPort, logLevel: opts.logLevel ?? 'info', shim: opts.shim }));
  const vm = {
    dir,
    ebins: opts.shim ? [buildShim()] : [],
    configFile,
    logFile: join(dir, 'logs', 'ejabberd.log'),
    stdoutFile: join(dir, 'logs', 'stdout.log'),
    libParent: findEjabberd().libParent,
  };
  return { domain, dir, c2sPort, httpPort, apiUrl: `http://127.0.0.1:${httpPort}/api`, vm };
}

export async function startEjabberd(opts: EjabberdOptions = {}): Promise<EjabberdInstance> {
  const { domain, dir, c2sPort, httpPort, apiUrl, vm } = await prepareEjabberdDir(opts, 'ofgate-ejabberd-');
  const logFile = vm.logFile;
  const child = spawnEjabberdVm(vm);
  const instance: EjabberdInstance = {
    domain,
    dir,
    c2sPort,
    httpPort,
    apiUrl,
    xmlrpcUrl: `http://127.0.0.1:${httpPort}/xmlrpc`,
    xmppService: `xmpp://127.0.0.1:${c2sPort}`,
    pid: child.pid ?? -1,
    logFile,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: () => stopChild(child, dir, opts.keep ?? process.env.OFGATE_KEEP_EJABBERD === '1'),
  };
  try {
    await waitReady(child, apiUrl, dir, opts.readyTimeoutMs ?? 30000);
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}

async function waitReady(child: ChildProcess, apiUrl: string, dir: string, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `ejabberd exited during start (code ${code}, signal ${signal})`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${exited}\n${tail(join(dir, 'logs', 'stdout.log'))}`);
    try {
      const res = await fetch(`${apiUrl}/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ejabberd not ready after ${timeoutMs} ms\n${tail(join(dir, 'logs', 'stdout.log'))}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

async function stopChild(child: ChildProcess, dir: string, keep: boolean): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  child.stdin?.destroy();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

/**
 * ejabberd's Erlang VM on the instance's directory: mnesia in `spool/`, ejabberd started, stdout and
 * stderr appended to `stdoutFile`, and stopped (init:stop) when its stdin closes — so it dies with
 * the test process. Shared by the throwaway instance and the restartable one of the fault tests.
 */
export interface SpawnEjabberdVmOptions {
  readonly dir: string;
  readonly ebins: readonly string[];
  readonly configFile: string;
  readonly logFile: string;
  readonly stdoutFile: string;
  readonly libParent: string;
}

export function spawnEjabberdVm(o: SpawnEjabberdVmOptions): ChildProcess {
  const out = openSync(o.stdoutFile, 'a');
  try {
    return spawn(
      'erl',
      [
        '-noshell',
        ...o.ebins.flatMap((e) => ['-pa', e]),
        '-mnesia', 'dir', JSON.stringify(join(o.dir, 'spool')),
        '-s', 'ejabberd',
        '-eval', 'spawn(fun() -> _ = io:get_line(""), init:stop() end)',
      ],
      {
        cwd: o.dir,
        env: { ...process.env, EJABBERD_CONFIG_PATH: o.configFile, EJABBERD_LOG_PATH: o.logFile, ERL_LIBS: o.libParent, ERL_CRASH_DUMP: join(o.dir, 'erl_crash.dump') },
        stdio: ['pipe', out, out],
      },
    );
  } finally {
    closeSync(out);
  }
}
