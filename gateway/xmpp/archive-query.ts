/**
 * Reads a message archive (the user's own, or a room's) page by page on a user's stream.
 * Result messages of the query are intercepted, so they never reach the SSE mapping.
 * Bounded: at most `maxMessages` messages and `maxPages` round trips.
 * References: XEP-0313 §4 (querying), §4.2 (results, fin); XEP-0059 §2.2 (paging forwards).
 */
import { randomBytes } from 'node:crypto';
import { mamQuery, readMamFin, readMamResult, type ArchivedMessage, type ArchiveFilter } from './mam-stanzas.js';
import type { UserStream } from './user-stream.js';

export interface ArchiveQueryOptions {
  /** Room JID for a room's archive. */
  readonly room?: string | undefined;
  readonly pageSize?: number;
  readonly maxMessages?: number;
  readonly timeoutMs?: number;
}

export async function queryArchive(stream: UserStream, filter: ArchiveFilter, opts: ArchiveQueryOptions = {}): Promise<ArchivedMessage[]> {
  const pageSize = opts.pageSize ?? 100;
  const maxMessages = opts.maxMessages ?? 5000;
  const queryId = randomBytes(6).toString('hex');
  const found: ArchivedMessage[] = [];
  const release = stream.intercept((el) => {
    const m = readMamResult(el, queryId);
    if (m === undefined) return false;
    if (m && found.length < maxMessages) found.push(m);
    return true;
  });
  try {
    let after: string | undefined;
    for (let page = 0; found.length < maxMessages && page < Math.ceil(maxMessages / pageSize) + 1; page++) {
      const iq = await stream.request(mamQuery(queryId, filter, { max: pageSize, after }, opts.room), 'read the message archive', opts.timeoutMs);
      const fin = readMamFin(iq);
      if (fin.complete || fin.last === after) break;
      after = fin.last;
    }
  } finally {
    release();
  }
  return found;
}
