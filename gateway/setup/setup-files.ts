/**
 * The files of `ofgate setup-ejabberd` next to ejabberd.yml: the original kept byte for byte
 * (`<file>.ofgate-backup`, written once, before the first change, never overwritten) and a
 * record of what setup last wrote (`<file>.ofgate-setup.json`: its sha256), so `--undo`
 * restores the original only when nobody edited the file since (or with --force).
 * Rules it keeps: every write is atomic (a temp file in the same directory, fsync'd, renamed)
 * and keeps the replaced file's mode and owner (Debian's ejabberd.yml is 0600 ejabberd:ejabberd).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const backupPath = (file: string): string => `${file}.ofgate-backup`;
export const recordPath = (file: string): string => `${file}.ofgate-setup.json`;

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

interface SetupRecord {
  readonly writtenSha256: string;
  readonly at: string;
}

/** Writes `data` over `file` atomically, with `like`'s mode and owner (default: the file's own, else 0600). */
export function writeAtomic(file: string, data: Buffer | string, like: string = file): void {
  const st = existsSync(like) ? statSync(like) : undefined;
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', st ? st.mode & 0o7777 : 0o600);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (st && (process.getuid?.() ?? 1) === 0) chownSync(tmp, st.uid, st.gid);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Keeps the original before the first change (a later run keeps the first backup). */
export function keepBackup(file: string, original: Buffer): boolean {
  if (existsSync(backupPath(file))) return false;
  writeAtomic(backupPath(file), original, file);
  return true;
}

export function recordWritten(file: string, written: string): void {
  const record: SetupRecord = { writtenSha256: sha256(written), at: new Date().toISOString() };
  writeAtomic(recordPath(file), JSON.stringify(record, null, 2) + '\n', file);
}

export type UndoCheck =
  | { readonly kind: 'ready'; readonly original: Buffer }
  | { readonly kind: 'no-backup' }
  | { readonly kind: 'edited-since' };

/** Whether `--undo` may restore: a backup exists and the file is what setup last wrote. */
export function checkUndo(file: string): UndoCheck {
  if (!existsSync(backupPath(file))) return { kind: 'no-backup' };
  const original = readFileSync(backupPath(file));
  const current = readFileSync(file);
  if (existsSync(recordPath(file))) {
    const record = JSON.parse(readFileSync(recordPath(file), 'utf8')) as SetupRecord;
    if (record.writtenSha256 !== sha256(current) && sha256(current) !== sha256(original)) return { kind: 'edited-since' };
  }
  return { kind: 'ready', original };
}

/** Puts the original back byte for byte and removes setup's files. */
export function restoreOriginal(file: string, original: Buffer): void {
  writeAtomic(file, original);
  rmSync(recordPath(file), { force: true });
  rmSync(backupPath(file), { force: true });
}
