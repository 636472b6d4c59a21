/**
 * The record of each support chat (`fastpathChatRecords/<requestId>`): who asked what, which
 * agent took it, when it was queued, accepted and ended, the visitor's rating, and (once ended)
 * its transcript; with an index per workgroup, newest first (`fastpathChatIndex/<workgroup>:
 * <inverted time><requestId>`), for the console's history.
 *
 * Rules:
 * - Written when the support room exists (`opened`, from the effect runner's createRoom; again
 *   after a transfer: the new agent holds it, the old one goes to previousAgents, the new
 *   workgroup gets an index entry) and completed when the chat ends (`endChatRecord`, from the
 *   effect runner's destroyRoom, whatever ended it: both left, the visitor cancelled, the agent
 *   ended it). Both are idempotent: a retried or repeated effect changes nothing more.
 * - The record and its index entry are one transaction; both expire `keepMs` after the accept
 *   (0: kept), and later writes keep that expiry.
 * - A rating (1–5, optional comment of at most MAX_COMMENT characters) replaces an earlier one.
 * - A listing reads at most MAX_SCAN index entries per call (the newest), so a search looks at
 *   the newest chats only; `after` (the last requestId's cursor) pages on.
 */
import { badRequest, notFound } from '../errors/index.js';
import { invertedTime, KEEP, type RecordKey, type RecordWrite, type Store } from '../store/index.js';
import type { AskRecord } from './ask-records.js';
import { chatMatches, type ChatFilter } from './chat-record-search.js';
import { workgroupPrefix } from './workgroup-prefix.js';
import type { TranscriptMessage, TranscriptParty } from './transcripts.js';

export const CHAT_RECORDS_COLLECTION = 'fastpathChatRecords';
export const CHAT_INDEX_COLLECTION = 'fastpathChatIndex';
export const MAX_COMMENT = 2000;
export const MAX_SCAN = 2000;
export const MAX_PAGE = 200;

export interface ChatVisitor {
  readonly nickname?: string | undefined;
  readonly email: string;
  readonly question: string;
  readonly product?: string | undefined;
  readonly company?: string | undefined;
  readonly state?: string | undefined;
  readonly country?: string | undefined;
}

export interface ChatRecord {
  readonly requestId: string;
  readonly workgroup: string;
  readonly userId: string;
  /** The visitor's account: its nick in the room. */
  readonly visitorAccount: string;
  readonly visitor: ChatVisitor;
  readonly identity: string | null;
  readonly agent: string;
  readonly previousAgents: readonly string[];
  /** Workgroups that held it before a transfer. */
  readonly previousWorkgroups: readonly string[];
  readonly room: string;
  readonly queuedAt: number;
  readonly acceptedAt: number;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly rating: number | null;
  readonly comment: string | null;
  readonly ratedAt: number | null;
  /** The transcript read when the chat ended (null while it goes on, or when it could not be read). */
  readonly messages: readonly TranscriptMessage[] | null;
  /** When the record expires (null: kept). */
  readonly expiresAt: number | null;
}

interface IndexEntry {
  readonly requestId: string;
}

export interface ChatOpening {
  readonly workgroup: string;
  readonly agent: string;
  readonly ask: AskRecord;
  readonly room: string;
  readonly at: number;
}

export interface ChatEnding {
  readonly endedAt: number;
  readonly reason: string | null;
  readonly messages: readonly TranscriptMessage[] | null;
}

export interface Rating {
  readonly rating: number;
  readonly comment: string | null;
}

/** The body of POST ask/{userId}/rating, validated. */
export function ratingInput(input: Readonly<Record<string, unknown>>): Rating {
  const r = input.rating;
  if (!(typeof r === 'number' && Number.isInteger(r) && r >= 1 && r <= 5)) throw badRequest('rating: a whole number from 1 to 5', { resource: 'rating' });
  const c = input.comment;
  if (c !== undefined && c !== null && typeof c !== 'string') throw badRequest('comment: text expected', { resource: 'comment' });
  if (typeof c === 'string' && c.length > MAX_COMMENT) throw badRequest(`comment: at most ${MAX_COMMENT} characters`, { resource: 'comment' });
  const comment = typeof c === 'string' && c.trim() !== '' ? c.trim() : null;
  return { rating: r, comment };
}

function visitorOf(ask: AskRecord): ChatVisitor {
  const f = ask.fields;
  const v: Record<string, string> = { email: f.emailAddress, question: f.question };
  for (const k of ['nickname', 'product', 'company', 'state', 'country'] as const) {
    const value = f[k];
    if (value) v[k] = value;
  }
  return v as unknown as ChatVisitor;
}

/** Did workgroup `name` hold the chat (now or before a transfer)? */
export const passedThrough = (r: ChatRecord, name: string): boolean => r.workgroup === name || r.previousWorkgroups.includes(name);

/** Who the visitor is in the chat's transcript. */
export function partyOf(r: ChatRecord): TranscriptParty {
  return { visitorAccount: r.visitorAccount, visitorName: r.visitor.nickname ?? r.userId };
}

export interface ChatListing {
  readonly records: readonly ChatRecord[];
  /** Give as `after` for the next page; null when the scan reached the end. */
  readonly next: string | null;
}

export interface ChatRecords {
  opened(o: ChatOpening): Promise<ChatRecord>;
  /** The chat ended: sets endedAt (once), the reason and the transcript. undefined: no record. */
  endChatRecord(requestId: string, e: ChatEnding): Promise<ChatRecord | undefined>;
  /** 404 when the chat has no record (the request never reached its room). */
  rate(requestId: string, rating: Rating, at: number): Promise<ChatRecord>;
  get(requestId: string): Promise<ChatRecord | undefined>;
  list(workgroup: string, filter: ChatFilter, opts?: { limit?: number; after?: string }): Promise<ChatListing>;
}

export function createChatRecords(d: { readonly store: Store; readonly now: () => number; readonly keepMs: number }): ChatRecords {
  const records = d.store.collection<ChatRecord>(CHAT_RECORDS_COLLECTION);
  const index = d.store.collection<IndexEntry>(CHAT_INDEX_COLLECTION);
  const recordKey = (requestId: string): RecordKey => ({ collection: CHAT_RECORDS_COLLECTION, id: requestId });
  const ttl = (r: ChatRecord): { ttlMs?: number } => (r.expiresAt === null ? {} : { ttlMs: Math.max(1, r.expiresAt - d.now()) });

  return {
    async opened(o) {
      const requestId = o.ask.requestId;
      const entryKey: RecordKey = { collection: CHAT_INDEX_COLLECTION, id: `${workgroupPrefix(o.workgroup)}${invertedTime(o.at)}${requestId}` };
      return d.store.transact([recordKey(requestId), entryKey], ([oldRecord, oldEntry]) => {
        const old = oldRecord as ChatRecord | undefined;
        const fresh: ChatRecord = old
          ? {
            ...old,
            workgroup: o.workgroup,
            agent: o.agent,
            previousAgents: old.agent === o.agent || old.previousAgents.includes(old.agent) ? old.previousAgents : [...old.previousAgents, old.agent],
            previousWorkgroups: old.workgroup === o.workgroup || old.previousWorkgroups.includes(old.workgroup) ? old.previousWorkgroups : [...old.previousWorkgroups, old.workgroup],
          }
          : {
            requestId,
            workgroup: o.workgroup,
            userId: o.ask.userId,
            visitorAccount: o.ask.account,
            visitor: visitorOf(o.ask),
            identity: o.ask.identity,
            agent: o.agent,
            previousAgents: [],
            previousWorkgroups: [],
            room: o.room,
            queuedAt: o.ask.askedAt,
            acceptedAt: o.at,
            endedAt: null,
            endReason: null,
            rating: null,
            comment: null,
            ratedAt: null,
            messages: null,
            expiresAt: d.keepMs > 0 ? o.at + d.keepMs : null,
          };
        const sameWorkgroupEntry = old !== undefined && old.workgroup === o.workgroup;
        const writes: RecordWrite[] = [{ ...recordKey(requestId), value: fresh, ...ttl(fresh) }];
        // one index entry per workgroup the chat was accepted in (a re-run for the same one adds none)
        if (!sameWorkgroupEntry && oldEntry === undefined) writes.push({ ...entryKey, value: { requestId } satisfies IndexEntry, ...ttl(fresh) });
        return { writes, result: fresh };
      });
    },

    async endChatRecord(requestId, e) {
      const current = await records.get(requestId);
      if (!current) return undefined;
      return records.update(requestId, (old) => {
        if (!old) return KEEP;
        if (old.endedAt !== null && (old.messages !== null || e.messages === null)) return KEEP;
        return { ...old, endedAt: old.endedAt ?? e.endedAt, endReason: old.endReason ?? e.reason, messages: old.messages ?? e.messages };
      }, ttl(current));
    },

    async rate(requestId, rating, at) {
      const current = await records.get(requestId);
      if (!current) throw notFound(`The chat ${requestId} has no record: rating needs the chat to have started`, { resource: requestId });
      const stored = await records.update(requestId, (old) => (old ? { ...old, rating: rating.rating, comment: rating.comment, ratedAt: at } : KEEP), ttl(current));
      if (!stored) throw notFound(`The chat ${requestId} has no record`, { resource: requestId });
      return stored;
    },

    get: (requestId) => records.get(requestId),

    async list(workgroup, filter, opts = {}) {
      const limit = Math.max(1, Math.min(MAX_PAGE, opts.limit ?? 50));
      const prefix = workgroupPrefix(workgroup);
      const found: ChatRecord[] = [];
      const seen = new Set<string>(); // a chat transferred away and back has two entries here
      let after = opts.after ? `${prefix}${opts.after}` : undefined;
      let scanned = 0;
      while (found.length < limit && scanned < MAX_SCAN) {
        const page = await index.list({ prefix, limit: Math.min(200, MAX_SCAN - scanned), ...(after ? { after } : {}) });
        if (page.length === 0) return { records: found, next: null };
        scanned += page.length;
        const read = await Promise.all(page.map(([, e]) => records.get(e.requestId)));
        for (const [i, r] of read.entries()) {
          after = page[i]?.[0];
          if (r && !seen.has(r.requestId) && chatMatches(r, filter)) found.push(r);
          if (r) seen.add(r.requestId);
          if (found.length >= limit) break;
        }
      }
      return { records: found, next: after ? after.slice(prefix.length) : null };
    },
  };
}
