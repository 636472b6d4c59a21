/** A Writable that records what leaves it: one entry per write, the chunks of a writev together (strings kept as strings). */
import { Writable } from 'node:stream';

export function recordingWritable(): { w: Writable; writes: string[][] } {
  const writes: string[][] = [];
  const w = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      writes.push([chunk]);
      cb();
    },
    writev(chunks, cb) {
      writes.push(chunks.map((c) => String(c.chunk)));
      cb();
    },
  });
  return { w, writes };
}
