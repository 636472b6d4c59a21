/**
 * The file operations the embedded store's durability rests on, behind a seam so tests can make
 * an append or an fsync fail and check that nothing becomes visible. `nodeIo` is the real one.
 */
import { open } from 'node:fs/promises';

/** A file opened for appending (O_APPEND): every write lands at its end. */
export interface AppendFile {
  /** Appends all of `data` (loops over short writes). */
  write(data: Buffer): Promise<void>;
  /** fdatasync: the data written so far survives a crash. */
  datasync(): Promise<void>;
  /** Cuts the file to `size` bytes (undoes a failed append). */
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export interface StoreIo {
  /** Opens (creating if missing) a file for appending. */
  openAppend(path: string): Promise<AppendFile>;
  /** fsync on a file or a directory by path (a directory: its entries, e.g. after a rename). */
  fsyncPath(path: string): Promise<void>;
}

export const nodeIo: StoreIo = {
  async openAppend(path) {
    const fh = await open(path, 'a');
    return {
      async write(data) {
        let off = 0;
        while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
      },
      datasync: () => fh.datasync(),
      truncate: (size) => fh.truncate(size),
      close: () => fh.close(),
    };
  },
  async fsyncPath(path) {
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
};
