/**
 * The event log of a single instance: per user a bounded buffer in memory (count and bytes per
 * user, bytes in total: past the total, the least recently active users lose their oldest events
 * first). Ids are `<epoch>-<seq>` with epoch = the log's creation time and one seq for all users,
 * so an id of an earlier process is never mistaken for one of this run. Everything answers
 * synchronously; watchers are called inside `append`.
 */
import { parseEventId, type EventLog, type LogWatcher, type LoggedEvent, type ReadResult } from './event-log.js';

export interface MemoryEventLogOptions {
  /** Events kept per user (0: none kept; events still reach watchers). */
  readonly maxEvents: number;
  /** Bytes kept per user. */
  readonly maxBytes: number;
  /** Bytes kept for all users together. */
  readonly maxTotalBytes: number;
  /** The epoch of the ids (default: now). */
  readonly epoch: number;
}

interface Entry {
  readonly seq: number;
  readonly event: LoggedEvent;
  readonly bytes: number;
}

interface UserLog {
  readonly entries: Entry[];
  /** Index of the oldest live entry in `entries` (a queue without O(n) shifts). */
  head: number;
  bytes: number;
  /** Seq of the newest event dropped from this log (0: none). */
  droppedSeq: number;
  deliveredSeq: number;
  readonly watchers: Set<LogWatcher>;
}

/** UTF-8 bytes, as the Redis log counts them (never less than V8 holds for the strings). */
const sizeOf = (e: LoggedEvent): number => Buffer.byteLength(e.data, 'utf8') + e.name.length + 48;

export function createMemoryEventLog(o: MemoryEventLogOptions): EventLog {
  // Map order is recency: a user is moved to the end on each append (the total bound evicts from the front).
  const logs = new Map<string, UserLog>();
  const listeners = new Map<string, number>();
  let seq = 0;
  let totalBytes = 0;
  const prefix = `${o.epoch}-`;

  const logOf = (user: string): UserLog => {
    let l = logs.get(user);
    if (!l) logs.set(user, (l = { entries: [], head: 0, bytes: 0, droppedSeq: 0, deliveredSeq: 0, watchers: new Set() }));
    return l;
  };
  const size = (l: UserLog): number => l.entries.length - l.head;
  const dropOldest = (l: UserLog): void => {
    const e = l.entries[l.head] as Entry;
    l.entries[l.head] = undefined as unknown as Entry;
    l.head += 1;
    l.bytes -= e.bytes;
    totalBytes -= e.bytes;
    l.droppedSeq = e.seq;
    if (l.head > 64 && l.head * 2 > l.entries.length) {
      l.entries.splice(0, l.head);
      l.head = 0;
    }
  };
  const forgetIfEmpty = (user: string, l: UserLog): void => {
    if (size(l) === 0 && l.watchers.size === 0 && l.deliveredSeq === 0) logs.delete(user);
  };
  const seqOf = (id: string): number | undefined => {
    if (!id.startsWith(prefix)) return undefined;
    const parsed = parseEventId(id);
    return parsed && parsed[1] <= seq ? parsed[1] : undefined;
  };

  return {
    append(user, name, data) {
      seq += 1;
      const id = `${prefix}${seq}`;
      const event: LoggedEvent = { id, name, data };
      const l = logOf(user);
      if (o.maxEvents > 0) {
        const bytes = sizeOf(event);
        l.entries.push({ seq, event, bytes });
        l.bytes += bytes;
        totalBytes += bytes;
        while (size(l) > 0 && (size(l) > o.maxEvents || l.bytes > o.maxBytes)) dropOldest(l);
        logs.delete(user); // most recently active last
        logs.set(user, l);
        for (const [other, ol] of logs) {
          if (totalBytes <= o.maxTotalBytes) break;
          while (size(ol) > 0 && totalBytes > o.maxTotalBytes) dropOldest(ol);
          if (other !== user) forgetIfEmpty(other, ol);
        }
      }
      if ((listeners.get(user) ?? 0) > 0) l.deliveredSeq = seq;
      for (const w of l.watchers) w.event(event);
      if (l.watchers.size === 0 && size(l) === 0) forgetIfEmpty(user, l);
      return id;
    },

    readAfter(user, afterId): ReadResult {
      const l = logs.get(user);
      const after = afterId === undefined ? undefined : seqOf(afterId);
      const events: LoggedEvent[] = [];
      if (l) for (let i = l.head; i < l.entries.length; i++) {
        const e = l.entries[i] as Entry;
        if (after === undefined || e.seq > after) events.push(e.event);
      }
      const complete = afterId === undefined || (after !== undefined && after >= (l?.droppedSeq ?? 0));
      return { events, complete };
    },

    deliveredUpTo(user) {
      const s = logs.get(user)?.deliveredSeq ?? 0;
      return s > 0 ? `${prefix}${s}` : undefined;
    },

    markDelivered(user, id) {
      const s = seqOf(id);
      if (s === undefined) return;
      const l = logOf(user);
      if (s > l.deliveredSeq) l.deliveredSeq = s;
    },

    setListeners(user, count) {
      if (count > 0) listeners.set(user, count);
      else listeners.delete(user);
    },
    hasListeners: (user) => (listeners.get(user) ?? 0) > 0,

    watch(user, watcher) {
      const l = logOf(user);
      l.watchers.add(watcher);
      return () => {
        l.watchers.delete(watcher);
        if (logs.get(user) === l) forgetIfEmpty(user, l);
      };
    },

    drop(user) {
      const l = logs.get(user);
      if (!l) return;
      logs.delete(user);
      totalBytes -= l.bytes;
      for (const w of [...l.watchers]) w.dropped();
    },

    refresh() {},
    async close() {
      logs.clear();
      listeners.clear();
      totalBytes = 0;
    },
  };
}
