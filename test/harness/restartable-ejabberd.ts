/**
 * A throwaway ejabberd that fault tests can crash and bring back: the same temp dir, ports,
 * config and Mnesia spool across runs, so accounts and persistent rooms survive as on a real
 * host whose ejabberd the supervisor restarts.
 * Rules it keeps:
 * - `erl` execs erlexec, which execs beam.smp: the child's pid is the beam itself, so kill9()
 *   is a SIGKILL of the Erlang VM (no clean-up in ejabberd: sockets reset, queues in memory
 *   gone); it checks /proc that the pid is the beam before signalling.
 * - start() waits until /api/status answers 200, failing with the log's tail when the VM exits
 *   during the start; the stdin watchdog stops the VM when this process dies.
 * - It is an EjabberdInstance (ej-shaped) so the chat kits work on it unchanged.
 * References: ../shared/notes/ejabberd-23.01.md §3a, §4; ejabberd-instance.ts (the one-shot kind).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { ShimConfig } from './ejabberd-config.js';
import { prepareEjabberdDir, spawnEjabberdVm, type EjabberdInstance } from './ejabberd-instance.js';
import { stopChild } from './stop-child.js';

export interface RestartableEjabberdOptions {
  domain?: string;
  shim?: ShimConfig | undefined;
  /** Fixed ports (default: free ones, kept across restarts). */
  c2sPort?: number;
  httpPort?: number;
  readyTimeoutMs?: number;
}

export interface RestartableEjabberd extends EjabberdInstance {
  /** The current VM's pid (the one `pid` had at the first start is stale after a restart). */
  currentPid(): number;
  running(): boolean;
  /** SIGKILL of beam.smp; resolves once it exited. */
  kill9(): Promise<void>;
  /**
   * A clean stop (SIGTERM), keeping the dir: Mnesia writes its log out, so what was written
   * before is durable. (A SIGKILL loses Mnesia's last writes: accounts registered a second
   * before are gone after the restart.)
   */
  terminate(): Promise<void>;
  /** Starts the VM again on the same dir, ports and spool; resolves when the API answers. */
  start(): Promise<void>;
}

export async function startRestartableEjabberd(opts: RestartableEjabberdOptions = {}): Promise<RestartableEjabberd> {
  const { domain, dir, c2sPort, httpPort, apiUrl, vm } = await prepareEjabberdDir(opts, 'ofgate-ejabberd-restartable-');
  const { logFile, stdoutFile } = vm;
  let child: ChildProcess | undefined;

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const spawnVm = (): ChildProcess => spawnEjabberdVm(vm);

  const instance: RestartableEjabberd = {
    domain,
    dir,
    c2sPort,
    httpPort,
    apiUrl,
    xmlrpcUrl: `http://127.0.0.1:${httpPort}/xmlrpc`,
    xmppService: `xmpp://127.0.0.1:${c2sPort}`,
    get pid() {
      return child?.pid ?? -1;
    },
    currentPid: () => child?.pid ?? -1,
    logFile,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    running,
    async kill9() {
      const c = child;
      if (!c || !running()) return;
      const comm = readFileSync(`/proc/${c.pid}/comm`, 'utf8').trim();
      if (!comm.startsWith('beam')) throw new Error(`pid ${c.pid} is ${comm}, not ejabberd's beam.smp`);
      await stopChild(c, 'SIGKILL', 0);
    },
    async terminate() {
      if (child) await stopChild(child, 'SIGTERM', 10_000);
    },
    async start() {
      if (running()) throw new Error('ejabberd is already running');
      child = spawnVm();
      await waitReady(child, apiUrl, stdoutFile, opts.readyTimeoutMs ?? 30_000);
    },
    async stop() {
      if (child) await stopChild(child, 'SIGTERM', 3000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await instance.start();
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}

async function waitReady(child: ChildProcess, apiUrl: string, stdoutFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ejabberd exited during start (code ${child.exitCode}, signal ${child.signalCode})\n${tail(stdoutFile)}`);
    }
    const ok = await fetch(`${apiUrl}/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ejabberd not ready after ${timeoutMs} ms\n${tail(stdoutFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}
