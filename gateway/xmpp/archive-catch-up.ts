/**
 * Where a pooled session stands in its user's message archive, and what a catch-up after a
 * lost session passes on (plain logic: no I/O, no clock, no XML; the pool's glue is
 * session-archive.ts).
 * - The mark: the archive id (XEP-0359 stanza-id by the user's bare JID) of the newest message
 *   handled — passed on live, or handled in a catch-up (passed on, or judged not for the
 *   listener). ejabberd's ids are numeric (µs timestamps, increasing): the mark is the
 *   greatest; with ids that are not numeric it is the last one.
 * - A catch-up (`begin` … `result`s … `end`) reads the archive after the mark (or from a
 *   point in time when there is no mark yet) and passes on what the lost session never did.
 *   It starts when the session came back (before the offline flood and live messages can move
 *   the mark), and queries once presence and rooms are back.
 * - Duplicates: ejabberd's offline flood, live messages and the results can overlap. During a
 *   catch-up the ids passed on (live or caught up) are remembered and never passed twice.
 *   After it, a live message whose numeric id is at or below the last id caught up (the floor)
 *   is a duplicate; with ids that are not numeric the remembered set stays to answer that.
 *   The set is bounded (SEEN_MAX, oldest forgotten first); nothing else grows per message.
 * - Known limit: a message given its id before the query but archived after it (two senders'
 *   messages crossing in ejabberd's routing, microseconds) that arrives live after the
 *   catch-up with an id below the floor is taken for a duplicate.
 * - An interrupted catch-up (the stream dropped again) stays open: the next `begin` resumes
 *   after the last result handled, with the same remembered ids.
 * - What a catch-up passes on: 1:1 messages (chat, normal) the user did not send, with a body
 *   or a chat state (`wantedResult`).
 * References: XEP-0313 §4 (querying; ids are opaque, ordered as the archive), XEP-0359
 * (stanza-id); ejabberd 23.01 mod_mam (ids: erlang:system_time(microsecond)).
 */
import { bareOf } from '../jid/index.js';

/** The most archived messages one catch-up reads (about a minute of a busy user's chat). */
export const CATCH_UP_MAX_MESSAGES = 500;
/** The most ids a session remembers for duplicates (a catch-up's results and the live ones during it). */
export const SEEN_MAX = 2 * CATCH_UP_MAX_MESSAGES;

/** Where a catch-up starts: after an archive id, or at a point in time. */
export type CatchUpFrom = { readonly after: string } | { readonly start: Date };

/** One catch-up run: its number (a stale run's results and end are ignored) and where to read from. */
export interface CatchUpTicket {
  readonly run: number;
  readonly from: CatchUpFrom;
}

/** What a result is, as far as passing it on goes. */
export interface ArchivedSummary {
  /** The message's type attribute ('' when absent: normal). */
  readonly type: string;
  /** The message's from (full or bare JID). */
  readonly from: string;
  /** It has a body or a chat state. */
  readonly content: boolean;
}

export interface ArchiveCursor {
  /** The newest archive id handled; undefined before any. */
  readonly mark: string | undefined;
  readonly catchingUp: boolean;
  /** A live message with archive id `id`: true = pass it on (and the mark moves), false = a duplicate. */
  live(id: string): boolean;
  /**
   * Starts (or resumes an interrupted) catch-up: after the mark, else from `fallback`; undefined
   * when there is nothing to start from (no catch-up).
   */
  begin(fallback?: CatchUpFrom): CatchUpTicket | undefined;
  /** A result of run `run` with archive id `id`; `wanted`: wantedResult said so. true = pass it on. */
  result(run: number, id: string, wanted: boolean): boolean;
  /** Run `run` ended: done (complete, bounded or refused), or interrupted (resume at the next begin). */
  end(run: number, outcome: 'done' | 'interrupted'): void;
}

/** Digits only, no leading zero (ejabberd's ids): ordered by length, then as text. */
export function isNumericId(id: string): boolean {
  const n = id.length;
  if (n === 0 || n > 30) return false;
  if (n > 1 && id.charCodeAt(0) === 48) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Two numeric ids (isNumericId): negative, 0 or positive as a <, =, > b. */
export function compareNumericIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A result a catch-up passes on: a chat or normal message, not the user's own, with content. */
export function wantedResult(r: ArchivedSummary, ownBare: string): boolean {
  if (r.type !== '' && r.type !== 'chat' && r.type !== 'normal') return false;
  if (!r.content) return false;
  return bareOf(r.from) !== ownBare.toLowerCase();
}

export function createArchiveCursor(): ArchiveCursor {
  let mark: string | undefined;
  let markNumeric = false;
  /** After a catch-up: live numeric ids at or below it are duplicates. */
  let floor: string | undefined;
  let catching = false;
  let run = 0;
  /** Ids passed on during the catch-up (kept after it only when some were not numeric). */
  let seen: Set<string> | undefined;
  let startedFrom: CatchUpFrom | undefined;
  /** The last result handled in this catch-up (where an interrupted one resumes). */
  let progress: string | undefined;
  /** The greatest numeric result id of this catch-up. */
  let highest: string | undefined;
  let allNumeric = true;

  /** `numeric`: isNumericId(id), worked out once by the caller. */
  const advance = (id: string, numeric: boolean): void => {
    if (mark === undefined || !numeric || !markNumeric || compareNumericIds(id, mark) > 0) {
      mark = id;
      markNumeric = numeric;
    }
  };
  const remember = (id: string): void => {
    if (!seen) return;
    if (seen.size >= SEEN_MAX) seen.delete(seen.values().next().value as string);
    seen.add(id);
  };
  const belowFloor = (id: string, numeric: boolean): boolean => floor !== undefined && numeric && compareNumericIds(id, floor) <= 0;

  return {
    get mark() {
      return mark;
    },
    get catchingUp() {
      return catching;
    },

    live(id) {
      // on the path of every archived message: one pass over the id, no allocation
      if (seen !== undefined && seen.has(id)) return false;
      const numeric = isNumericId(id);
      if (belowFloor(id, numeric)) return false;
      if (catching) remember(id);
      advance(id, numeric);
      return true;
    },

    begin(fallback) {
      if (catching) {
        run += 1;
        return { run, from: progress !== undefined ? { after: progress } : (startedFrom as CatchUpFrom) };
      }
      const from: CatchUpFrom | undefined = mark !== undefined ? { after: mark } : fallback;
      if (!from) return undefined;
      run += 1;
      catching = true;
      seen ??= new Set();
      startedFrom = from;
      progress = undefined;
      highest = undefined;
      allNumeric = true;
      return { run, from };
    },

    result(r, id, wanted) {
      if (r !== run || !catching) return false;
      progress = id;
      const numeric = isNumericId(id);
      if (!numeric) allNumeric = false;
      else if (highest === undefined || compareNumericIds(id, highest) > 0) highest = id;
      if (!wanted) {
        advance(id, numeric);
        return false;
      }
      if ((seen !== undefined && seen.has(id)) || belowFloor(id, numeric)) return false;
      remember(id);
      advance(id, numeric);
      return true;
    },

    end(r, outcome) {
      if (r !== run || !catching) return;
      if (outcome === 'interrupted') return; // stays open: the next begin resumes it
      catching = false;
      if (highest !== undefined && (floor === undefined || compareNumericIds(highest, floor) > 0)) floor = highest;
      if (allNumeric) seen = undefined;
      startedFrom = undefined;
      progress = undefined;
      highest = undefined;
    },
  };
}
