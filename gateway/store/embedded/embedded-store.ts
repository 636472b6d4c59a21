/**
 * The embedded backend, the default of a single instance: records in memory (the local store's
 * table), made durable by an append-only journal in the data directory, compacted into a lowdb
 * snapshot in the background.
 *
 * Rules kept here:
 * - Durable before visible: a step is appended to the journal and fdatasync'd (group commit)
 *   before the table changes and before its promise resolves. A failed append rejects with
 *   StorePersistError and nothing of it (or of any step queued behind it) becomes visible.
 * - Writes are decided against the newest accepted state (`pending` overlays the table with what
 *   is queued), so steps in this process never conflict and never see a lost write.
 * - Versions come from one counter that resumes after the highest version recovery found; each
 *   journal line carries its writes' versions, and a snapshot carries the counter, so a version
 *   is never given twice, even for a record deleted and compacted away before a restart.
 * - Compaction: once the journal passes `compactAfterBytes` and the snapshot's size, the writer
 *   switches to journal n+1 between two batches; the table and the version counter as of that
 *   instant become snapshot n+1 (written by lowdb, fsync'd with its directory); then the files
 *   before n+1 are deleted.
 *   Writes go on meanwhile. A failed snapshot is logged and retried after as many bytes again.
 * - One process per directory (lock-file.ts); recovery rules in recovery.ts.
 */
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../clock/index.js';
import { silentLogger, type Logger } from '../../log/index.js';
import { createLocalStore, type LocalCommitter } from '../local/local-store.js';
import { createRecordTable, type RecordTable } from '../local/record-table.js';
import { createVersionCounter, type VersionCounter } from '../local/version-counter.js';
import type { RecordOp } from '../record-state.js';
import type { Store } from '../store.js';
import { encodeLine } from './journal-format.js';
import { createJournalWriter, openJournalFile, type JournalWriter } from './journal-writer.js';
import { acquireLock, type LockFile } from './lock-file.js';
import { journalName, recover } from './recovery.js';
import { snapshotName, writeSnapshot, type SnapshotCollections } from './snapshot.js';
import { nodeIo, type StoreIo } from './store-io.js';

export interface EmbeddedStoreOptions {
  /** The data directory (created if missing). */
  readonly dir: string;
  readonly clock?: Pick<Clock, 'now'>;
  readonly log?: Logger;
  /** File operations (tests inject failures). */
  readonly io?: StoreIo;
  /** Journal size that starts a compaction (default 4 MiB). */
  readonly compactAfterBytes?: number;
}

export const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

export async function createEmbeddedStore(opts: EmbeddedStoreOptions): Promise<Store> {
  const { dir, clock = systemClock, log = silentLogger, io = nodeIo } = opts;
  const compactAfter = opts.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
  await mkdir(dir, { recursive: true });
  const lock = acquireLock(dir);
  try {
    const table = createRecordTable();
    const state = await recover(dir, table, io, log, clock.now());
    const file = await openJournalFile(io, join(dir, journalName(state.journal)));
    const writer = createJournalWriter(io, file, state.journalSize);
    const versions = createVersionCounter(state.lastVersion);
    const committer = createJournalCommitter({ dir, table, versions, writer, io, log, clock, lock, compactAfter, journal: state.journal, snapshotSize: state.snapshotSize });
    return createLocalStore({ table, committer, versions, clock });
  } catch (e) {
    lock.release();
    throw e;
  }
}

interface CommitterParts {
  readonly dir: string;
  readonly table: RecordTable;
  readonly versions: VersionCounter;
  readonly writer: JournalWriter;
  readonly io: StoreIo;
  readonly log: Logger;
  readonly clock: Pick<Clock, 'now'>;
  readonly lock: LockFile;
  readonly compactAfter: number;
  readonly journal: number;
  readonly snapshotSize: number;
}

function createJournalCommitter(p: CommitterParts): LocalCommitter {
  const { dir, table, versions, writer, io, log, clock } = p;
  /** Accepted ops not yet durable, newest per record. */
  const pending = new Map<string, RecordOp>();
  const keyOf = (collection: string, id: string): string => `${collection}\n${id}`;
  let journal = p.journal;
  let nextCompactionAt = Math.max(p.compactAfter, p.snapshotSize);
  let compacting: Promise<void> | undefined;
  let closing = false;

  const compact = async (): Promise<void> => {
    const next = journal + 1;
    let image: SnapshotCollections = [];
    let lastVersion = 0;
    await writer.rotate(join(dir, journalName(next)), () => {
      journal = next;
      image = table.collections().map(([name, records]) => [name, new Map(records)] as const);
      lastVersion = versions.last; // >= every version in the image and in the journals before n+1
    });
    const bytes = await writeSnapshot(io, dir, { journal: next, lastVersion, collections: image }, clock.now());
    for (let n = next - 1; n >= 1; n--) {
      const gone = await Promise.all([unlink(join(dir, journalName(n))), unlink(join(dir, snapshotName(n)))].map((u) => u.then(() => true, () => false)));
      if (!gone.some(Boolean)) break;
    }
    await io.fsyncPath(dir);
    nextCompactionAt = Math.max(p.compactAfter, bytes);
    log.info('store: compacted', { snapshot: snapshotName(next), bytes });
  };

  const maybeCompact = (): void => {
    if (closing || compacting || writer.size <= nextCompactionAt) return;
    compacting = compact()
      .catch((e: unknown) => {
        nextCompactionAt = writer.size + Math.max(p.compactAfter, nextCompactionAt);
        log.error('store: compaction failed; the journal keeps growing until the next attempt', { error: e as Error });
      })
      .finally(() => {
        compacting = undefined;
      });
  };

  return {
    latest(collection, id) {
      const op = pending.get(keyOf(collection, id));
      return op ? (op.record ?? undefined) : table.get(collection, id);
    },
    commit(ops) {
      if (ops.length === 0 && writer.idle) return Promise.resolve();
      for (const op of ops) pending.set(keyOf(op.collection, op.id), op);
      return new Promise<void>((resolve, reject) => {
        writer.append(ops.length === 0 ? '' : encodeLine(ops), (err) => {
          for (const op of ops) {
            const k = keyOf(op.collection, op.id);
            if (pending.get(k) === op) pending.delete(k);
          }
          if (err) return reject(err);
          for (const op of ops) table.apply(op);
          resolve();
          maybeCompact();
        });
      });
    },
    async close() {
      closing = true;
      while (compacting) await compacting;
      await writer.close();
      p.lock.release();
    },
  };
}

