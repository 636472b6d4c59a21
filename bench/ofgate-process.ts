/**
 * Runs ofgate in its own process so its CPU and memory are measured apart from the load
 * generator: the stack's in-process gateway is stopped and `node dist/gateway/main.js` takes
 * over the same port (the shim keeps posting its hooks there) with the same secrets, configured
 * through the environment variables of config-schema.ts. ofgate-probe.ts is preloaded for
 * GC/profile/heap requests over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stack } from '../test/harness/start-stack.js';

import { stopChild } from '../test/harness/stop-child.js';
import { probeChannel, type ProbeOp } from './probe-channel.js';

export type { ProbeOp } from './probe-channel.js';

export interface OfgateProcess {
  readonly pid: number;
  readonly url: string;
  /** Lines ofgate logged as "uncaught exception" / "unhandled rejection" (it keeps running). */
  uncaught(): number;
  alive(): boolean;
  probe<T = unknown>(op: ProbeOp, file?: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * dist/bench → dist/gateway/main.js; under tsx (bench/*.ts) the TypeScript entry with tsx.
 * `distDir`: another build's dist/ (relay-ab.ts compares builds); the probe stays this one's.
 */
function nodeArgs(distDir?: string): string[] {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (distDir) return ['--import', join(here, 'ofgate-probe.js'), join(distDir, 'gateway', 'main.js')];
  if (import.meta.url.endsWith('.ts')) {
    return ['--import', 'tsx', '--import', join(here, 'ofgate-probe.ts'), join(here, '..', 'gateway', 'main.ts')];
  }
  return ['--import', join(here, 'ofgate-probe.js'), join(here, '..', 'gateway', 'main.js')];
}

/** Stacks whose in-process gateway was already stopped (a bench may start ofgate again). */
const handedOver = new WeakSet<Stack>();

/**
 * `nodeFlags`: extra V8/Node flags for ofgate's process (e.g. --max-semi-space-size=32);
 * `env`: extra OFGATE_* settings (e.g. OFGATE_HOOKS_LOG_EVENTS). An OFGATE_PORT there starts a
 * second instance beside the one on the stack's port (the shared mode's cross-instance run);
 * `distDir`: run that build's gateway instead of this one's (relay-ab.ts).
 */
export async function startOfgateProcess(stack: Stack, nodeFlags: readonly string[] = [], env: Readonly<Record<string, string>> = {}, distDir?: string): Promise<OfgateProcess> {
  if (!handedOver.has(stack)) await stack.gateway.stop();
  handedOver.add(stack);
  const dataDir = mkdtempSync(join(tmpdir(), 'ofgate-bench-data-'));
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', ...nodeFlags, ...nodeArgs(distDir)], {
    env: {
      ...process.env,
      OFGATE_PORT: String(stack.port),
      OFGATE_HOST: '127.0.0.1',
      OFGATE_SECRET: stack.secret,
      OFGATE_HOOKS_SECRET: stack.hookSecret,
      OFGATE_DOMAIN: stack.domain,
      OFGATE_XMPP_SERVICE: stack.ej.xmppService,
      OFGATE_EJABBERD_API_URL: stack.ej.apiUrl,
      OFGATE_EJABBERD_XMLRPC_URL: stack.ej.xmlrpcUrl,
      OFGATE_EJABBERD_SHIM_LOADED: String(stack.shimLoaded),
      OFGATE_AUTH_ADMINS: stack.adminUser,
      OFGATE_DATA_DIR: dataDir,
      OFGATE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let uncaught = 0;
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    uncaught += (d.match(/uncaught exception|unhandled rejection/g) ?? []).length;
    stderrTail = (stderrTail + d).slice(-4000);
  });
  const probe = probeChannel(child);
  const url = env.OFGATE_PORT ? `http://127.0.0.1:${env.OFGATE_PORT}` : stack.url;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ofgate exited at start (${child.exitCode}): ${stderrTail}`);
    if (Date.now() > deadline) throw new Error(`ofgate not healthy after 30 s: ${stderrTail}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid ?? -1,
    url,
    uncaught: () => uncaught,
    alive: () => child.exitCode === null && child.signalCode === null,
    probe,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
