/**
 * One ofgate as a child process, the way an operator runs it (`node dist/gateway/main.js` with
 * OFGATE_CONFIG), for the shared-mode harness (`make run-cluster`, the cluster e2e tests).
 * Rules it keeps:
 * - The config is a YAML file in the instance's temp dir, built from dotted paths; the child
 *   gets no OFGATE_* variable of this process (they would override the file: `make
 *   run-cluster`'s OFGATE_PORT is the balancer's, not an instance's).
 * - Run from the dist build, it starts dist/gateway/main.js; run from source (tsx, the tests),
 *   it starts gateway/main.ts through tsx, so a test exercises the code it sits beside.
 * - Ready when GET /healthz answers 200 (ofgate up and ejabberd answering); an exit during the
 *   start fails it with the log's tail.
 * - A stdin watchdog ends the child when this process dies; the child has its own process
 *   group, so a Ctrl-C reaches only the harness, which stops everything in order.
 * - stop(), kill9() and restart() keep the port, the instance id, the config and the data
 *   dir; dispose() stops and removes them. stdout and stderr go to one log file (appended
 *   across restarts, each start marked).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { projectRoot } from './ejabberd-instance.js';
import { stopChild } from './stop-child.js';

export interface OfgateProcessOptions {
  /** The instance's name (temp dir, log marks); with `cluster` it is also cluster.instanceId. */
  name: string;
  port: number;
  /** Config as dotted paths ('xmpp.service': ..., 'store.backend': 'redis'). server.port/host and store.dataDir are set here. */
  config: Readonly<Record<string, unknown>>;
  /** Sets cluster.instanceId to `name` and cluster.advertiseUrl to the instance's direct URL. */
  cluster?: boolean;
  /** dist: node dist/gateway/main.js; source: tsx gateway/main.ts. Default: as this file runs. */
  runner?: 'dist' | 'source';
  readyTimeoutMs?: number;
  /** A module (e.g. a data: URL) the child imports before ofgate's own code (fault-injection tests). */
  preload?: string;
  /** Keep the temp dir after dispose() (debugging); OFGATE_KEEP_INSTANCES=1 too. */
  keep?: boolean;
}

export interface OfgateProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly configFile: string;
  readonly logFile: string;
  /** The current child's pid (-1 when none ever started). */
  pid(): number;
  /** Resolves with the current child's exit code (a signal's name when killed by one). */
  exited(): Promise<number | string>;
  running(): boolean;
  /** stdout + stderr of every run so far. */
  log(): string;
  /** SIGKILL: no clean-up in the instance, as a crash or a pulled plug. */
  kill9(): Promise<void>;
  /** SIGTERM (the instance's clean stop), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** Starts it again (stopping it first when running) and waits until it is ready. */
  restart(): Promise<void>;
  /** stop() and remove the temp dir. */
  dispose(): Promise<void>;
}

/** Ends the child when its stdin closes (the harness died or let go of it). */
const STDIN_WATCHDOG =
  'data:text/javascript,process.stdin.on("end",()=>process.kill(process.pid,"SIGTERM"));process.stdin.on("error",()=>{});process.stdin.resume();';

const fromDist = import.meta.url.includes('/dist/');

export async function startOfgateProcess(opts: OfgateProcessOptions): Promise<OfgateProcess> {
  const dir = mkdtempSync(join(tmpdir(), `ofgate-instance-${opts.name}-`));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const configFile = join(dir, 'ofgate.yml');
  const logFile = join(dir, 'ofgate.log');
  const url = `http://127.0.0.1:${opts.port}`;
  writeFileSync(configFile, renderConfig(opts, dataDir, url));
  const runner = opts.runner ?? (fromDist ? 'dist' : 'source');
  let child: ChildProcess | undefined;

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async (): Promise<void> => {
    appendFileSync(logFile, `--- ofgate ${opts.name} starting at ${new Date().toISOString()} ---\n`);
    child = spawnOfgate(runner, configFile, logFile, opts.preload);
    await waitReady(child, url, logFile, opts.readyTimeoutMs ?? 30_000);
  };
  const signalAndWait = async (signal: NodeJS.Signals, forceAfterMs: number): Promise<void> => {
    if (child) await stopChild(child, signal, forceAfterMs);
  };

  const instance: OfgateProcess = {
    name: opts.name,
    port: opts.port,
    url,
    dir,
    dataDir,
    configFile,
    logFile,
    pid: () => child?.pid ?? -1,
    exited: () => {
      const c = child;
      if (!c) return Promise.reject(new Error('never started'));
      if (!running()) return Promise.resolve(c.exitCode ?? c.signalCode ?? -1);
      return new Promise((r) => c.once('exit', (code, signal) => r(code ?? signal ?? -1)));
    },
    running,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    kill9: () => signalAndWait('SIGKILL', 0),
    stop: () => signalAndWait('SIGTERM', 10_000),
    async restart() {
      await signalAndWait('SIGTERM', 10_000);
      await start();
    },
    async dispose() {
      await signalAndWait('SIGTERM', 10_000);
      if (!(opts.keep ?? process.env.OFGATE_KEEP_INSTANCES === '1')) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (err) {
    await instance.dispose();
    throw err;
  }
  return instance;
}

function renderConfig(opts: OfgateProcessOptions, dataDir: string, url: string): string {
  const dotted: Record<string, unknown> = {
    ...opts.config,
    'server.host': '127.0.0.1',
    'server.port': opts.port,
    'store.dataDir': dataDir,
    ...(opts.cluster ? { 'cluster.instanceId': opts.name, 'cluster.advertiseUrl': url } : {}),
  };
  const nested: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(dotted)) {
    const keys = path.split('.');
    let node = nested;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1] as string] = value;
  }
  return `# generated by ofgate's test harness for instance ${opts.name}\n${toYaml(nested)}`;
}

function spawnOfgate(runner: 'dist' | 'source', configFile: string, logFile: string, preload: string | undefined): ChildProcess {
  const pre = preload === undefined ? [] : ['--import', preload];
  const args =
    runner === 'dist'
      ? ['--import', STDIN_WATCHDOG, ...pre, join(projectRoot, 'dist', 'gateway', 'main.js')]
      : ['--import', 'tsx', '--import', STDIN_WATCHDOG, ...pre, join(projectRoot, 'gateway', 'main.ts')];
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OFGATE_')) env[k] = v;
  env.OFGATE_CONFIG = configFile;
  const out = openSync(logFile, 'a');
  try {
    return spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['pipe', out, out], detached: true });
  } finally {
    closeSync(out);
  }
}

async function waitReady(child: ChildProcess, url: string, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ofgate exited during start (code ${child.exitCode}, signal ${child.signalCode})\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ofgate at ${url} not ready after ${timeoutMs} ms (last: ${last})\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}
