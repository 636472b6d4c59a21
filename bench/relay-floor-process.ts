/**
 * Runs the relay floor server (relay-floor-server.ts) in its own process, started the way
 * ofgate-process.ts starts ofgate (`node --expose-gc --import ofgate-probe.js …`, IPC channel),
 * so relay-ab.ts measures its CPU from /proc/<pid>/stat and profiles it with the same probe.
 * It listens on a free port (its "listening <port>" line says which); `router` picks its HTTP
 * layer (node:http, Express or fastify).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../test/harness/stop-child.js';
import { probeChannel, type ProbeOp } from './probe-channel.js';
import type { FloorRouter } from './relay-floor-server.js';

export interface FloorProcess {
  readonly pid: number;
  readonly url: string;
  probe<T = unknown>(op: ProbeOp, file?: string): Promise<T>;
  stop(): Promise<void>;
}

export interface FloorOptions {
  readonly service: string;
  readonly domain: string;
  /** What the logoff call must carry (bench/ofgate-chat.ts sends ofgate's shared secret). */
  readonly secret?: string;
  /** ofgate's JID fast path and write coalescing on (relay-floor-stream.ts). */
  readonly lean?: boolean;
  /** The HTTP layer (relay-floor-server.ts --floor-router); node:http when not given. */
  readonly router?: FloorRouter;
}

const START_TIMEOUT_MS = 30000;

/** dist/bench → the compiled server; under tsx (bench/*.ts) the TypeScript one with tsx. */
function nodeArgs(): string[] {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (import.meta.url.endsWith('.ts')) return ['--import', 'tsx', '--import', join(here, 'ofgate-probe.ts'), join(here, 'relay-floor-server.ts')];
  return ['--import', join(here, 'ofgate-probe.js'), join(here, 'relay-floor-server.js')];
}

export async function startFloorProcess(o: FloorOptions): Promise<FloorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', ...nodeArgs(), '--port=0', `--service=${o.service}`, `--domain=${o.domain}`, ...(o.secret ? [`--secret=${o.secret}`] : []), ...(o.lean ? ['--lean'] : []), ...(o.router ? [`--floor-router=${o.router}`] : [])],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderrTail = (stderrTail + d).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`floor server not listening after ${START_TIMEOUT_MS} ms: ${stderrTail}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => fail(new Error(`floor server exited at start (${code}): ${stderrTail}`));
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    }
    child.once('exit', onExit);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      child.stdout?.resume();
      resolve(Number(m[1]));
    });
  });
  const probe = probeChannel(child);
  return {
    pid: child.pid ?? -1,
    url: `http://127.0.0.1:${port}`,
    probe,
    stop: () => stopChild(child),
  };
}
