/**
 * `node dist/bench/timeline-proxy.js --target=NAME:PORT …` (forked with an IPC channel by
 * relay-timeline.ts): one counting proxy (trace-proxy.ts) per target on loopback, in a process of
 * its own so that stamping never waits for the load generator's event loop. Every benchmark body
 * "m<seq>" crossing a proxy is stamped on the system's monotonic clock (process.hrtime, the
 * clock every process shares) at its first sighting per direction: `up` toward the target, `down`
 * back. It answers `{ ports }` once listening, again after `{ add: "NAME:PORT" }` (a target whose
 * port is known later), and, to `"dump"`, the stamps since the last dump.
 */
import { startTraceProxy } from './trace-proxy.js';
import { seqInspector } from './wire-inspectors.js';

/** seq → first sighting (monotonic ms), per target and direction. */
export type Stamps = Record<string, { up: Array<[number, number]>; down: Array<[number, number]> }>;

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const seen = new Map<string, { up: Map<number, number>; down: Map<number, number> }>();
const ports: Record<string, number> = {};

/** "NAME:PORT": a proxy to that loopback port, stamping under NAME. */
async function add(target: string): Promise<void> {
  const [name, port] = target.split(':') as [string, string];
  const maps = { up: new Map<number, number>(), down: new Map<number, number>() };
  seen.set(name, maps);
  const proxy = await startTraceProxy({
    target: { port: Number(port) },
    inspect: (_ctx, direction) =>
      seqInspector((seq) => {
        const m = maps[direction];
        if (!m.has(seq)) m.set(seq, now());
      }),
  });
  ports[name] = proxy.port;
}

for (const a of process.argv.slice(2)) if (a.startsWith('--target=')) await add(a.slice(9));
process.on('message', (msg: unknown) => {
  if (typeof msg === 'object' && msg !== null && 'add' in msg) {
    void add(String(msg.add)).then(() => process.send?.({ ports }));
    return;
  }
  if (msg !== 'dump') return;
  const out: Stamps = {};
  for (const [name, maps] of seen) {
    out[name] = { up: [...maps.up], down: [...maps.down] };
    maps.up.clear();
    maps.down.clear();
  }
  process.send?.({ stamps: out });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ports });
