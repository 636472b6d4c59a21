/**
 * A session's archive mark kept beyond the process (archive-catch-up.ts: the newest archive id
 * handled), so the streams reopened at the next start catch up from where the last run was.
 * - `ArchiveMarks` is the port (the pool's option `archiveMarks`; a store-backed one is
 *   gateway/chat/archive-mark-records.ts). Absent: marks live in memory only.
 * - `markWriter`: one per session. Writes are throttled: the first change after a quiet spell
 *   (no write for `everyMs`) is written at once — a process killed right after a session's first
 *   messages still leaves a mark — and arms one timer, which writes the mark as it is then; at
 *   most one write per `everyMs` per user after that, none while the mark stays put, none
 *   awaited on the message path. `flush` writes a pending change now (the
 *   stream closes but the user keeps it: release, stop); `drop` deletes the mark and stops the
 *   writer (logoff, the stream ended for good). Failures are logged, never thrown.
 * - Writes of one session are chained in order: an older mark never lands after a newer one.
 */
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';

export interface ArchiveMarks {
  load(username: string): Promise<string | undefined>;
  save(username: string, id: string): Promise<void>;
  drop(username: string): Promise<void>;
}

/** Default of the pool's `markEveryMs`. */
export const DEFAULT_MARK_EVERY_MS = 2000;

export interface MarkWriter {
  /** The mark moved (cheap: arms the timer when none is armed). */
  touched(): void;
  flush(): Promise<void>;
  drop(): Promise<void>;
}

export interface MarkWriterOptions {
  readonly username: string;
  readonly marks: ArchiveMarks;
  readonly clock: Clock;
  readonly everyMs: number;
  readonly log: Logger;
  /** The mark now. */
  current(): string | undefined;
}

export function markWriter(o: MarkWriterOptions): MarkWriter {
  let cancel: (() => void) | undefined;
  let saved: string | undefined;
  let lastWriteAt = -Infinity;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    const mark = o.current();
    if (stopped || mark === undefined || mark === saved) return chain;
    saved = mark;
    chain = chain
      .then(() => o.marks.save(o.username, mark))
      .catch((err: unknown) => {
        if (saved === mark) saved = undefined; // written again at the next change or flush
        o.log.warn('xmpp: cannot save the archive mark', { username: o.username, error: err as Error });
      });
    return chain;
  };
  const fire = (): void => {
    cancel = undefined;
    lastWriteAt = o.clock.now();
    void write();
  };

  return {
    touched() {
      if (cancel !== undefined || stopped) return;
      const now = o.clock.now();
      if (now - lastWriteAt >= o.everyMs) {
        lastWriteAt = now;
        void write(); // leading edge; later changes go with the timer
      }
      cancel = o.clock.after(o.everyMs, fire);
    },
    flush() {
      cancel?.();
      cancel = undefined;
      return write();
    },
    async drop() {
      cancel?.();
      cancel = undefined;
      stopped = true;
      await chain;
      await o.marks.drop(o.username).catch((err: unknown) => o.log.warn('xmpp: cannot drop the archive mark', { username: o.username, error: err as Error }));
    },
  };
}
