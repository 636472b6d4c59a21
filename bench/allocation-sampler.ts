/**
 * A preload for a benched ofgate process (`--import dist/bench/allocation-sampler.js`, e.g. as
 * relay-ab.ts's `--build=NAME:DIST:NODE_OPTIONS=--import <abs path>`): V8's sampling heap
 * profiler with collected objects included (what is allocated, not what stays), written every
 * ALLOCATION_WINDOW_MS to `$ALLOCATION_SAMPLER_DIR/alloc-<pid>-<n>-<messages>.heapprofile`, where
 * <messages> counts the relay's `POST …/messages/…` requests of that window (windows with fewer
 * than 500 are not written). `node dist/bench/allocation-summary.js <file>` divides by it.
 * Rules: bench only; the profiler slows the process (figures per message, not timings).
 */
import { writeFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const ALLOCATION_WINDOW_MS = 4000;
const dir = process.env.ALLOCATION_SAMPLER_DIR ?? '/tmp';
const opts = { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };

let messages = 0;
const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
http.Server.prototype.emit = function countingEmit(this: http.Server, event: string, ...args: unknown[]): boolean {
  const req = args[0] as IncomingMessage | undefined;
  if (event === 'request' && req?.method === 'POST' && req.url?.includes('/messages/')) messages++;
  return emit.call(this, event, ...args);
} as typeof http.Server.prototype.emit;

const session = new Session();
session.connect();
const post = <T>(method: string, params: object = {}): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
let n = 0;
await post('HeapProfiler.enable');
await post('HeapProfiler.startSampling', opts);
setInterval(() => {
  void (async () => {
    const { profile } = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
    const m = messages;
    messages = 0;
    if (m >= 500) writeFileSync(join(dir, `alloc-${process.pid}-${String(n++).padStart(3, '0')}-${m}.heapprofile`), JSON.stringify(profile));
    await post('HeapProfiler.startSampling', opts);
  })();
}, ALLOCATION_WINDOW_MS).unref();
