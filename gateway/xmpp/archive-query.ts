/**
 * Reads a message archive (the user's own, or a room's) page by page on a user's stream.
 * Result messages of the query are intercepted, so they never reach the SSE mapping.
 * Bounded: at most `maxMessages` counted results and `maxPages` round trips; a page asks for no
 * more than the bound leaves.
 * - `queryArchive` collects the messages with a body (history; only those count);
 * - `walkArchive` hands every result stanza of the query to a callback as it arrives, in the
 *   stream's order among the live stanzas (a catch-up), and can start after a known archive id
 *   (RSM `after`; ejabberd 23.01 takes any id there: its ids are µs timestamps, compared as such).
 * References: XEP-0313 §4 (querying), §4.2 (results, fin); XEP-0059 §2.2 (paging forwards);
 * ejabberd 23.01 mod_mam (at most 250 results a page, limit_max).
 */
import { randomBytes } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import { mamQuery, readMamFin, readMamResult, type ArchivedMessage, type ArchiveFilter } from './mam-stanzas.js';
import type { UserStream } from './user-stream.js';

export interface ArchiveQueryOptions {
  /** Room JID for a room's archive. */
  readonly room?: string | undefined;
  readonly pageSize?: number;
  readonly maxMessages?: number;
  readonly timeoutMs?: number;
}

export interface ArchiveWalkOptions extends ArchiveQueryOptions {
  /** Start after this archive id (RSM after). */
  readonly after?: string | undefined;
}

/**
 * What a walk's callback says of an inbound stanza: not a result of this query (it goes on to
 * the listener), a result that counts against the bound, or one that does not.
 */
export type ResultVerdict = 'other' | 'counted' | 'uncounted';

/**
 * Pages through the archive; `onResult(el, queryId)` sees each inbound stanza while the walk
 * runs. Resolves true when the archive said the result set is complete (false: the bound
 * stopped the walk).
 */
export async function walkArchive(stream: UserStream, filter: ArchiveFilter, opts: ArchiveWalkOptions, onResult: (el: Element, queryId: string) => ResultVerdict): Promise<boolean> {
  const pageSize = opts.pageSize ?? 100;
  const maxMessages = opts.maxMessages ?? 5000;
  const queryId = randomBytes(6).toString('hex');
  let counted = 0;
  const release = stream.intercept((el) => {
    const verdict = onResult(el, queryId);
    if (verdict === 'counted') counted += 1;
    return verdict !== 'other';
  });
  try {
    let after = opts.after;
    for (let page = 0; counted < maxMessages && page < Math.ceil(maxMessages / pageSize) + 1; page++) {
      const max = Math.min(pageSize, maxMessages - counted);
      const iq = await stream.request(mamQuery(queryId, filter, { max, after }, opts.room), 'read the message archive', opts.timeoutMs);
      const fin = readMamFin(iq);
      if (fin.complete || fin.last === after) return true;
      after = fin.last;
    }
    return false;
  } finally {
    release();
  }
}

export async function queryArchive(stream: UserStream, filter: ArchiveFilter, opts: ArchiveQueryOptions = {}): Promise<ArchivedMessage[]> {
  const found: ArchivedMessage[] = [];
  await walkArchive(stream, filter, opts, (el, queryId) => {
    const m = readMamResult(el, queryId);
    if (m === undefined) return 'other';
    if (!m) return 'uncounted'; // archived without a body
    found.push(m);
    return 'counted';
  });
  return found;
}
