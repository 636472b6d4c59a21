/**
 * Opening a data directory: the newest readable snapshot, then the journals after it replayed in
 * order. Rules:
 * - No snapshot and no journal: a new store (or the one-time import of the old `state.json`);
 *   snapshot 1 is written at once, so the import never runs twice.
 * - A journal with no snapshot, a gap in the journal numbers, a damaged line that is not the last
 *   one: a clear startup error (StoreRecoveryError), never a silently emptier store.
 * - The last journal's tail that is not a whole line, or a last line that does not parse (a crash
 *   mid-append): it was never acknowledged; it is cut off (file truncated and fsync'd).
 * - A damaged newest snapshot with an older one beside it (a crash before the newer one was
 *   durable; its journals are all still there): the older one is used. With no older one: error.
 * - Files the chosen snapshot makes obsolete (older snapshots, older journals, temp files) go.
 * - The version counter resumes after the highest version seen: the snapshot's `lastVersion`, its
 *   records' and every replayed journal op's (each write's line carries its version), so no
 *   version given before the restart is given again.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log/index.js';
import type { StoreIo } from './store-io.js';
import { decodeLine } from './journal-format.js';
import type { RecordTable } from '../local/record-table.js';
import type { RecordOp } from '../record-state.js';
import { readSnapshot, SNAPSHOT_FILE, snapshotName, SnapshotCorruptError, writeSnapshot, type SnapshotImage } from './snapshot.js';
import { readLegacyState, LEGACY_STATE } from './legacy-import.js';

export const JOURNAL_FILE = /^store-journal\.(\d+)\.jsonl$/;
export const journalName = (n: number): string => `store-journal.${n}.jsonl`;

export class StoreRecoveryError extends Error {
  override readonly name = 'StoreRecoveryError';
}

export interface Recovered {
  /** The journal to append to (exists or not yet). */
  readonly journal: number;
  /** Its current size in bytes. */
  readonly journalSize: number;
  /** Size of the snapshot it continues. */
  readonly snapshotSize: number;
  /** The highest version the store ever gave (where the version counter resumes). */
  readonly lastVersion: number;
}

const numbered = (names: readonly string[], re: RegExp): number[] =>
  names.flatMap((n) => { const m = re.exec(n); return m ? [Number(m[1])] : []; }).sort((a, b) => a - b);

export async function recover(dir: string, table: RecordTable, io: StoreIo, log: Logger, now: number): Promise<Recovered> {
  const names = await readdir(dir);
  const snapshots = numbered(names, SNAPSHOT_FILE);
  const journals = numbered(names, JOURNAL_FILE);
  let lastVersion = 0;
  const load = (op: RecordOp): void => {
    if (op.record) lastVersion = Math.max(lastVersion, op.record.version);
    table.apply(op);
  };
  if (snapshots.length === 0) {
    if (journals.length > 0) throw new StoreRecoveryError(`${dir} holds store journals but no snapshot: restore the snapshot from a backup`);
    const snapshotSize = await initialise(dir, load, io, log, now);
    return { journal: 1, journalSize: 0, snapshotSize, lastVersion };
  }

  let image: SnapshotImage | undefined;
  for (let i = snapshots.length - 1; i >= 0 && !image; i--) {
    try {
      image = await readSnapshot(dir, snapshots[i] as number);
    } catch (e) {
      if (!(e instanceof SnapshotCorruptError) || i === 0) throw new StoreRecoveryError(`cannot open the store in ${dir}: ${(e as Error).message}`, { cause: e });
      log.warn('store: the newest snapshot is damaged (a crash while writing it); using the previous one', { error: (e as Error).message });
    }
  }
  const base = image as SnapshotImage;
  lastVersion = base.lastVersion;
  for (const [collection, records] of base.collections) for (const [id, record] of records) load({ collection, id, record });

  const replay = journals.filter((n) => n >= base.journal);
  replay.forEach((n, i) => {
    if (n !== base.journal + i) throw new StoreRecoveryError(`store journal ${journalName(base.journal + i)} is missing in ${dir}`);
  });
  let journalSize = 0;
  for (const [i, n] of replay.entries()) journalSize = await replayJournal(join(dir, journalName(n)), load, io, log, i === replay.length - 1);

  const obsolete = [
    ...snapshots.filter((n) => n !== base.journal).map(snapshotName),
    ...journals.filter((n) => n < base.journal).map(journalName),
    ...names.filter((n) => n.startsWith('.store-snapshot.') && n.endsWith('.tmp')),
  ];
  for (const name of obsolete) await unlink(join(dir, name)).catch(() => undefined);
  const snapshotSize = (await stat(join(dir, snapshotName(base.journal)))).size; // its size only: it was just read
  return { journal: replay.length > 0 ? (replay[replay.length - 1] as number) : base.journal, journalSize, snapshotSize, lastVersion };
}

/** A new directory: import `state.json` if there, write snapshot 1. */
async function initialise(dir: string, load: (op: RecordOp) => void, io: StoreIo, log: Logger, now: number): Promise<number> {
  const legacy = await readLegacyState(dir);
  if (legacy) {
    for (const [collection, records] of legacy.collections) for (const [id, record] of records) load({ collection, id, record });
    log.info(`store: imported ${legacy.records} records from the old ${LEGACY_STATE} (kept as it was; no longer read)`, { skipped: legacy.skipped });
  }
  const lastVersion = legacy && legacy.records > 0 ? 1 : 0; // imported records are at version 1
  return writeSnapshot(io, dir, { journal: 1, lastVersion, collections: legacy?.collections ?? [] }, now);
}

/** Applies a journal's whole lines; cuts a torn tail of the last journal. Returns the size kept. */
async function replayJournal(path: string, load: (op: RecordOp) => void, io: StoreIo, log: Logger, last: boolean): Promise<number> {
  const buf = await readFile(path);
  let pos = 0;
  let line = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    line++;
    let ops;
    try {
      if (nl < 0) throw new Error('the last line is not whole');
      ops = decodeLine(buf.toString('utf8', pos, nl));
    } catch (e) {
      const tail = nl < 0 || buf.indexOf(0x0a, nl + 1) < 0;
      if (!last || !tail) throw new StoreRecoveryError(`store journal ${path} is damaged at line ${line}: ${(e as Error).message}`, { cause: e });
      log.warn('store: cutting off an unacknowledged journal tail (a crash mid-write)', { path, line, bytes: buf.length - pos });
      const file = await io.openAppend(path);
      try {
        await file.truncate(pos);
        await file.datasync();
      } finally {
        await file.close();
      }
      return pos;
    }
    for (const op of ops) load(op);
    pos = nl + 1;
  }
  return pos;
}
