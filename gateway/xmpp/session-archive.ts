/**
 * The session pool's glue between one pooled session and its user's message archive: the
 * cursor (archive-catch-up.ts: what is passed on, what is a duplicate, the mark), the persisted
 * mark (archive-marks.ts) and the catch-up query on the session's stream (archive-query.ts).
 * - `passLive` is on the path of every inbound stanza: for a message, one pass over its
 *   children for the user's own stanza-id (mam-stanzas.ts ownArchiveId); nothing for others.
 *   false: a duplicate of a message already passed on (drop it).
 * - `begin` is called when the session came back without its old server session (a reconnect
 *   that did not resume, a stream reopened after a restart), before presence and rooms are
 *   announced (the offline flood must not move the mark first); `run` queries once they are:
 *   after the mark, else from `fallback` (the session's start, or the persisted mark), at most
 *   CATCH_UP_MAX_MESSAGES results, pages of 250 (ejabberd's largest), a pool-wide gate on how
 *   many run at once. Each result the cursor passes on goes to `deliver` (the listener path of
 *   a live stanza) as it arrives.
 * - An archive that refuses the query (mod_mam not loaded, an error answer): no catch-up, one
 *   info line; a stream that dropped meanwhile: the next reconnect resumes the catch-up; any
 *   other failure: a warning, no catch-up. `run` never throws.
 * References: XEP-0313 §4; XEP-0359; XEP-0198 §5 (a resumed session needs no catch-up).
 */
import type { Element } from '@xmpp/xml';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import { CATCH_UP_MAX_MESSAGES, createArchiveCursor, wantedResult, type CatchUpFrom, type CatchUpTicket } from './archive-catch-up.js';
import { markWriter, type ArchiveMarks, type MarkWriter } from './archive-marks.js';
import { walkArchive } from './archive-query.js';
import { ownArchiveId, readMamForward } from './mam-stanzas.js';
import type { ConcurrencyGate } from './reconnect-scheduler.js';
import type { UserStream } from './user-stream.js';

/** ejabberd 23.01 answers at most 250 results a page. */
const PAGE_SIZE = 250;

export interface SessionArchiveOptions {
  readonly username: string;
  /** The user's bare JID as the archive writes it in stanza-id `by` (lower case). */
  readonly ownBare: string;
  readonly stream: UserStream;
  readonly marks?: ArchiveMarks | undefined;
  readonly clock: Clock;
  readonly markEveryMs: number;
  /** How many catch-ups run at once, pool-wide. */
  readonly gate: ConcurrencyGate;
  readonly log: Logger;
  /** The listener path of a live stanza. */
  deliver(el: Element): void;
}

export interface SessionArchive {
  readonly mark: string | undefined;
  /** A live inbound stanza: false when it is a message already passed on. */
  passLive(el: Element): boolean;
  /** The persisted mark, read only when this session has none yet. */
  persisted(): Promise<string | undefined>;
  begin(fallback: CatchUpFrom | undefined): CatchUpTicket | undefined;
  run(ticket: CatchUpTicket): Promise<void>;
  /** Writes a pending mark now (the stream closes, the user keeps it). */
  flush(): Promise<void>;
  /** Deletes the persisted mark (the user is gone: logoff, ended for good). */
  drop(): Promise<void>;
}

/** The archive answered the query with an error (not a time-out or a lost stream). */
const refusedByArchive = (err: unknown): boolean => ((err as { cause?: { name?: string } } | undefined)?.cause?.name === 'StanzaError');

export function createSessionArchive(o: SessionArchiveOptions): SessionArchive {
  const cursor = createArchiveCursor();
  const writer: MarkWriter | undefined = o.marks
    ? markWriter({ username: o.username, marks: o.marks, clock: o.clock, everyMs: o.markEveryMs, log: o.log, current: () => cursor.mark })
    : undefined;

  const deliver = (el: Element): void => {
    try {
      o.deliver(el);
    } catch (err) {
      o.log.error('xmpp: stanza listener failed', { username: o.username, error: err as Error });
    }
  };

  return {
    get mark() {
      return cursor.mark;
    },

    passLive(el) {
      if (el.name !== 'message') return true;
      const id = ownArchiveId(el, o.ownBare);
      if (id === undefined) return true;
      if (!cursor.live(id)) return false;
      writer?.touched();
      return true;
    },

    async persisted() {
      if (cursor.mark !== undefined || !o.marks) return undefined;
      try {
        return await o.marks.load(o.username);
      } catch (err) {
        o.log.warn('xmpp: cannot read the archive mark', { username: o.username, error: err as Error });
        return undefined;
      }
    },

    begin: (fallback) => cursor.begin(fallback),

    async run(ticket) {
      const release = await o.gate.acquire();
      let passed = 0;
      let results = 0;
      try {
        const from = ticket.from;
        const complete = await walkArchive(
          o.stream,
          'start' in from ? { start: from.start } : {},
          { after: 'after' in from ? from.after : undefined, pageSize: PAGE_SIZE, maxMessages: CATCH_UP_MAX_MESSAGES },
          (el, queryId) => {
            const r = readMamForward(el, queryId);
            if (!r) return 'other';
            results += 1;
            const wanted = r.message !== undefined && wantedResult(r.summary, o.ownBare);
            if (cursor.result(ticket.run, r.id, wanted) && r.message) {
              passed += 1;
              deliver(r.message);
            }
            return 'counted';
          },
        );
        cursor.end(ticket.run, 'done');
        // info when it brought something (or hit the bound), debug otherwise
        (passed > 0 || !complete ? o.log.info : o.log.debug).call(o.log, 'xmpp: caught up from the archive', { username: o.username, count: passed, results, complete });
      } catch (err) {
        if (refusedByArchive(err)) {
          cursor.end(ticket.run, 'done');
          o.log.info('xmpp: no archive catch-up: the archive refused the query', { username: o.username, error: err as Error });
        } else if (!o.stream.isOnline()) {
          cursor.end(ticket.run, 'interrupted');
          o.log.debug('xmpp: archive catch-up interrupted (resumed at the next reconnect)', { username: o.username, count: passed });
        } else {
          cursor.end(ticket.run, 'done');
          o.log.warn('xmpp: archive catch-up failed', { username: o.username, count: passed, error: err as Error });
        }
      } finally {
        release();
        writer?.touched();
      }
    },

    flush: () => writer?.flush() ?? Promise.resolve(),
    drop: () => writer?.drop() ?? Promise.resolve(),
  };
}
