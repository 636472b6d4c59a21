/**
 * One process per data directory: `<dir>/store.lock` holds the owner's pid. It is written to a
 * temp file and hard-linked into place (link fails if the lock exists), so it is never seen
 * half-written. A lock whose pid is not running (a crash) is taken over; a live owner — another
 * process, or this one opening the directory twice — is a clear error. (Two processes taking over
 * the same stale lock at the same instant is not guarded against; a pid reused by an unrelated
 * process reads as live: delete the lock file by hand then.)
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_NAME = 'store.lock';

export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
}

export interface LockFile {
  release(): void;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireLock(dir: string): LockFile {
  const path = join(dir, LOCK_NAME);
  const tmp = join(dir, `.${LOCK_NAME}.${process.pid}`);
  writeFileSync(tmp, `${process.pid}\n`);
  try {
    return takeLock(dir, path, tmp);
  } finally {
    unlinkSync(tmp);
  }
}

function takeLock(dir: string, path: string, tmp: string): LockFile {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      linkSync(tmp, path);
      return {
        release() {
          if (readPid(path) === process.pid) unlinkSync(path);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readPid(path);
    if (owner !== undefined && running(owner)) {
      const who = owner === process.pid ? 'this process already' : `process ${owner}`;
      throw new StoreLockedError(`the data directory ${dir} is in use: ${who} holds ${path} (one ofgate per directory; use store.backend redis for several)`);
    }
    try {
      unlinkSync(path); // stale: its owner is gone
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new StoreLockedError(`could not take ${path}`);
}
