/**
 * Appends journal lines with group commit: while one write+fdatasync is in flight, the lines that
 * arrive wait and then go together in the next one (one write, one fdatasync for all of them).
 * Each entry's `done` is called in arrival order, after its bytes are durable, or with the error.
 *
 * Failure rule: when an append or its fdatasync fails, the file is cut back to its last durable
 * size and every entry of that batch AND every entry queued behind it fails (a later entry may
 * have been decided on top of a failed one). If the file cannot be cut back, the writer is broken:
 * every later entry fails at once (the store must be reopened, which recovers from the file).
 *
 * `rotate` switches to a new file between two batches; `onSwitch` runs at that exact point, when
 * every earlier entry is done and no later one is.
 */
import { dirname } from 'node:path';
import { StorePersistError } from '../store.js';
import type { AppendFile, StoreIo } from './store-io.js';

export type DoneFn = (err?: StorePersistError) => void;

interface Entry {
  readonly bytes: Buffer | undefined;
  readonly done: DoneFn;
}

interface Rotation {
  readonly path: string;
  readonly onSwitch: () => void;
  readonly settle: (err?: Error) => void;
}

export interface JournalWriter {
  /** Queues `line` ('' = a barrier: writes nothing, done once every earlier entry is). */
  append(line: string, done: DoneFn): void;
  /** Nothing queued or in flight. */
  readonly idle: boolean;
  /** Bytes in the current file. */
  readonly size: number;
  rotate(path: string, onSwitch: () => void): Promise<void>;
  /** Waits for every queued entry, then closes the file. */
  close(): Promise<void>;
}

/** Opens a journal file for appending and makes its directory entry durable. */
export async function openJournalFile(io: StoreIo, path: string): Promise<AppendFile> {
  const file = await io.openAppend(path);
  await io.fsyncPath(dirname(path));
  return file;
}

export function createJournalWriter(io: StoreIo, first: AppendFile, firstSize: number): JournalWriter {
  let file = first;
  let size = firstSize;
  let queue: Entry[] = [];
  let running: Promise<void> | undefined;
  let rotation: Rotation | undefined;
  let broken: StorePersistError | undefined;

  const fail = (entries: readonly Entry[], err: StorePersistError): void => {
    for (const e of entries) e.done(err);
  };

  const switchFile = async (r: Rotation): Promise<void> => {
    try {
      const next = await openJournalFile(io, r.path);
      await file.close().catch(() => undefined);
      file = next;
      size = 0;
      r.onSwitch();
      r.settle();
    } catch (e) {
      r.settle(e as Error);
    }
  };

  const writeBatch = async (batch: Entry[]): Promise<void> => {
    const bufs = batch.flatMap((e) => (e.bytes ? [e.bytes] : []));
    if (bufs.length === 0) return batch.forEach((e) => e.done());
    const data = bufs.length === 1 ? (bufs[0] as Buffer) : Buffer.concat(bufs);
    try {
      await file.write(data);
      await file.datasync();
    } catch (e) {
      const err = new StorePersistError(`journal append failed: ${(e as Error).message}`, { cause: e });
      try {
        await file.truncate(size);
        await file.datasync();
      } catch (e2) {
        broken = new StorePersistError(`journal is broken (could not undo a failed append: ${(e2 as Error).message}); reopen the store`, { cause: e2 });
      }
      const behind = queue;
      queue = [];
      fail(batch, err);
      fail(behind, err);
      return;
    }
    size += data.length;
    for (const e of batch) e.done();
  };

  const run = async (): Promise<void> => {
    for (;;) {
      if (rotation) {
        const r = rotation;
        rotation = undefined;
        await switchFile(r);
      }
      if (queue.length === 0) return;
      const batch = queue;
      queue = [];
      if (broken) fail(batch, broken);
      else await writeBatch(batch);
    }
  };

  const kick = (): void => {
    running ??= run().finally(() => {
      running = undefined;
      if (queue.length > 0 || rotation) kick();
    });
  };

  return {
    append(line, done) {
      if (broken) return done(broken);
      queue.push({ bytes: line === '' ? undefined : Buffer.from(line, 'utf8'), done });
      kick();
    },
    get idle() {
      return running === undefined && queue.length === 0;
    },
    get size() {
      return size;
    },
    rotate(path, onSwitch) {
      return new Promise<void>((resolve, reject) => {
        if (rotation) return reject(new Error('a journal rotation is already pending'));
        rotation = { path, onSwitch, settle: (err) => (err ? reject(err) : resolve()) };
        kick();
      });
    },
    async close() {
      while (running) await running;
      await file.close();
    },
  };
}
