/**
 * Preloaded into the separately spawned ofgate (`node --expose-gc --import <this>`), it answers
 * the benchmark over the IPC channel: a full GC followed by memory figures (with V8's heap spaces), CPU profiles of one
 * phase (the inspector's Profiler, the data `node --cpu-prof` writes), heap snapshots, and the
 * event-loop delay during a phase (perf_hooks.monitorEventLoopDelay). It adds nothing to
 * ofgate's work while no request comes.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot, type HeapSpaceInfo } from 'node:v8';

interface Request {
  readonly id: number;
  readonly op: 'gc' | 'profile-start' | 'profile-stop' | 'heap-snapshot' | 'loop-delay-start' | 'loop-delay-stop';
  readonly file?: string;
}

/** What some ops answer: `gc` gives process.memoryUsage() after the GC plus V8's heap spaces (used vs committed). */
export interface ProbeAnswer {
  readonly gc: NodeJS.MemoryUsage & { readonly spaces?: HeapSpaceInfo[] };
}

const session = new Session();
let loopDelay: IntervalHistogram | undefined;
const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

async function answer(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'gc': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) for (let i = 0; i < 3; i++) gc();
      await new Promise((r) => setTimeout(r, 200));
      const answer: ProbeAnswer['gc'] = { ...process.memoryUsage(), spaces: getHeapSpaceStatistics() };
      return answer;
    }
    case 'profile-start':
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      return {};
    case 'profile-stop': {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      if (req.file) writeFileSync(req.file, JSON.stringify(profile));
      return { file: req.file };
    }
    case 'heap-snapshot':
      return { file: writeHeapSnapshot(req.file) };
    case 'loop-delay-start':
      loopDelay = monitorEventLoopDelay({ resolution: 1 });
      loopDelay.enable();
      return {};
    case 'loop-delay-stop': {
      const h = loopDelay;
      h?.disable();
      loopDelay = undefined;
      const ms = (ns: number | undefined): number => Math.round(((ns ?? 0) / 1e6) * 100) / 100;
      return h ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) } : {};
    }
  }
}

if (process.send) {
  process.channel?.unref();
  process.on('message', (msg: Request) => {
    answer(msg).then(
      (result) => process.send?.({ id: msg.id, result }),
      (err: Error) => process.send?.({ id: msg.id, error: err.message }),
    );
  });
}
