/**
 * The bench's hold on a measured child process (ofgate, or the relay floor server): requests to
 * the preloaded probe (ofgate-probe.ts) over the IPC channel, answered by id (the bounded stop
 * is the harness's stopChild).
 */
import type { ChildProcess } from 'node:child_process';

export type ProbeOp = 'gc' | 'profile-start' | 'profile-stop' | 'heap-snapshot' | 'loop-delay-start' | 'loop-delay-stop' | 'pause-log-start' | 'pause-log-stop';

/** Sends probe requests to `child` (which must have been spawned with an IPC channel). */
export function probeChannel(child: ChildProcess): <T = unknown>(op: ProbeOp, file?: string) => Promise<T> {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.result);
  });
  return <T>(op: ProbeOp, file?: string): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...(file ? { file } : {}) });
    });
  };
}
