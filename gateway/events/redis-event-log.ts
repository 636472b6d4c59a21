/**
 * The event log of the shared mode: one Redis Stream per user, so every instance appends to and
 * replays from the same log and a `Last-Event-ID` means the same thing everywhere.
 *
 * Keys (P = keyPrefix, u = user): `P e:u` the stream (fields n = event name, d = JSON data),
 * `P eb:u` its retained bytes, `P ed:u` the id delivered up to, `P el:u` a hash instance →
 * "<open streams>:<alive until ms>" (who has streams of u open). Channel `P ec:u` announces each
 * appended event ("E<id>\n<name>\n<data>") and a drop ("D") to the instances watching u.
 *
 * One round trip per user and tick (the events appended for one user in the same tick go
 * together): a Lua script adds the entries, publishes each, trims the oldest past maxEvents or
 * maxBytes with 1/8 slack (so the bound is in bytes as well as count, unlike MAXLEN), marks them
 * delivered when some instance has a stream of u open and refreshes the idle expiry (a log nobody
 * appends to for idleTtlMs disappears). Watching subscribes to u's channel on a dedicated
 * connection; a read waits until that subscription is active, so no event falls between replay
 * and live delivery. After the subscriber connection was lost, watchers are told to resync.
 */
import type { Redis } from 'ioredis';
import { compareEventIds, parseEventId, type EventLog, type LogWatcher, type LoggedEvent, type ReadResult } from './event-log.js';

export interface RedisEventLogOptions {
  /** Commands. */
  readonly redis: Redis;
  /** A dedicated connection for SUBSCRIBE (it can do nothing else). */
  readonly subscriber: Redis;
  readonly keyPrefix: string;
  readonly instanceId: string;
  readonly maxEvents: number;
  readonly maxBytes: number;
  /** A user's log with no append for this long expires (default 24 h). */
  readonly idleTtlMs?: number;
  /** Listener marks of an instance that stopped refreshing them count for this long (default 30 s). */
  readonly listenerTtlMs?: number;
  readonly now?: () => number;
  readonly onError?: (what: string, err: unknown) => void;
}

/**
 * ARGV: maxEvents, maxBytes, channel, ttl, then name and data of each event. Trimming has slack:
 * it starts past 1/8 over a bound and trims down to it, so the usual append trims nothing (one
 * trim per ~60 appends at the default 500 events) — retention stays within 1/8 over the bounds.
 */
const APPEND = `
local maxEvents = tonumber(ARGV[1])
local maxBytes = tonumber(ARGV[2])
local ids = {}
local added = 0
for i = 5, #ARGV, 2 do
  local id = redis.call('XADD', KEYS[1], '*', 'n', ARGV[i], 'd', ARGV[i + 1])
  ids[#ids + 1] = id
  added = added + #ARGV[i] + #ARGV[i + 1] + 48
  redis.call('PUBLISH', ARGV[3], 'E' .. id .. '\\n' .. ARGV[i] .. '\\n' .. ARGV[i + 1])
end
local bytes = redis.call('INCRBY', KEYS[2], added)
local len = redis.call('XLEN', KEYS[1])
if len > maxEvents + math.floor(maxEvents / 8) or bytes > maxBytes + math.floor(maxBytes / 8) then
  while len > 0 and (len > maxEvents or bytes > maxBytes) do
    local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
    redis.call('XDEL', KEYS[1], first[1])
    bytes = redis.call('DECRBY', KEYS[2], #first[2][2] + #first[2][4] + 48)
    len = len - 1
  end
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('SET', KEYS[3], ids[#ids], 'PX', ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return ids
`;

const READ_AFTER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {{}, '', ''} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local last, deleted = '', ''
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then last = info[i + 1] end
  if info[i] == 'max-deleted-entry-id' then deleted = info[i + 1] end
end
local entries
if ARGV[1] == '' then entries = redis.call('XRANGE', KEYS[1], '-', '+')
else entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+') end
return {entries, last, deleted}
`;

const MARK_DELIVERED = `
local cur = redis.call('GET', KEYS[1])
local function split(s) local a, b = string.match(s, '^(%d+)-(%d+)$'); return tonumber(a), tonumber(b) end
if cur then
  local ca, cb = split(cur)
  local na, nb = split(ARGV[1])
  if ca and (na < ca or (na == ca and nb <= cb)) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

type StreamEntry = [string, string[]];
interface Batch {
  /** name, data, name, data, … */
  readonly events: string[];
  readonly waiters: Array<{ resolve(id: string): void; reject(err: unknown): void }>;
  sent: boolean;
}
type Scripted = Redis & {
  ofgateAppend(...args: Array<string | number>): Promise<string[]>;
  ofgateReadAfter(...args: Array<string | number>): Promise<[StreamEntry[], string, string]>;
  ofgateMarkDelivered(...args: Array<string | number>): Promise<number>;
};

function toEvent([id, fields]: StreamEntry): LoggedEvent {
  let name = '';
  let data = '';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'n') name = fields[i + 1] as string;
    else if (fields[i] === 'd') data = fields[i + 1] as string;
  }
  return { id, name, data };
}

export function createRedisEventLog(o: RedisEventLogOptions): EventLog {
  const idleTtl = o.idleTtlMs ?? 24 * 3600_000;
  const listenerTtl = o.listenerTtlMs ?? 30_000;
  const now = o.now ?? Date.now;
  const r = o.redis as Scripted;
  r.defineCommand('ofgateAppend', { numberOfKeys: 4, lua: APPEND });
  r.defineCommand('ofgateReadAfter', { numberOfKeys: 1, lua: READ_AFTER });
  r.defineCommand('ofgateMarkDelivered', { numberOfKeys: 1, lua: MARK_DELIVERED });
  const k = {
    stream: (u: string) => `${o.keyPrefix}e:${u}`,
    bytes: (u: string) => `${o.keyPrefix}eb:${u}`,
    delivered: (u: string) => `${o.keyPrefix}ed:${u}`,
    listeners: (u: string) => `${o.keyPrefix}el:${u}`,
    channel: (u: string) => `${o.keyPrefix}ec:${u}`,
  };
  const channelPrefix = `${o.keyPrefix}ec:`;
  const watchers = new Map<string, Set<LogWatcher>>();
  /** Per watched user: resolves once SUBSCRIBE is active. */
  const subscribed = new Map<string, Promise<void>>();
  const localListeners = new Map<string, number>();
  const report = (what: string, err: unknown): void => o.onError?.(what, err);
  const batches = new Map<string, Batch>();
  const flush = (user: string, b: Batch): void => {
    if (b.sent) return;
    b.sent = true;
    if (batches.get(user) === b) batches.delete(user);
    r.ofgateAppend(k.stream(user), k.bytes(user), k.delivered(user), k.listeners(user), o.maxEvents, o.maxBytes, k.channel(user), idleTtl, ...b.events).then(
      (ids) => b.waiters.forEach((w, i) => w.resolve(ids[i] as string)),
      (err: unknown) => b.waiters.forEach((w) => w.reject(err)),
    );
  };

  o.subscriber.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
    const channel = channelBuf.toString('utf8');
    if (!channel.startsWith(channelPrefix)) return;
    const set = watchers.get(channel.slice(channelPrefix.length));
    if (!set || set.size === 0) return;
    if (message[0] === 0x44 /* D */) {
      for (const w of [...set]) w.dropped();
      return;
    }
    const text = message.toString('utf8');
    const nl1 = text.indexOf('\n');
    const nl2 = text.indexOf('\n', nl1 + 1);
    const e: LoggedEvent = { id: text.slice(1, nl1), name: text.slice(nl1 + 1, nl2), data: text.slice(nl2 + 1) };
    for (const w of set) w.event(e);
  });
  // ioredis re-subscribes after a reconnect; what was published meanwhile must be re-read.
  let everReady = false;
  o.subscriber.on('ready', () => {
    if (everReady) for (const set of watchers.values()) for (const w of set) w.resync();
    everReady = true;
  });

  const listenerValue = (count: number): string => `${count}:${now() + listenerTtl}`;
  const writeListeners = (user: string, count: number): void => {
    const key = k.listeners(user);
    const p = count > 0
      ? r.multi().hset(key, o.instanceId, listenerValue(count)).pexpire(key, listenerTtl).exec()
      : r.hdel(key, o.instanceId);
    p.catch((err: unknown) => report('listener mark', err));
  };

  return {
    append(user, name, data) {
      // the events of one user in one tick go in one script call (a relayed message makes two)
      let batch = batches.get(user);
      if (!batch) {
        const b: Batch = { events: [], waiters: [], sent: false };
        batches.set(user, b);
        batch = b;
        queueMicrotask(() => flush(user, b));
      }
      batch.events.push(name, data);
      return new Promise<string>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    },

    async readAfter(user, afterId): Promise<ReadResult> {
      await subscribed.get(user);
      const from = afterId !== undefined && parseEventId(afterId) ? afterId : undefined;
      const [entries, last, deleted] = await r.ofgateReadAfter(k.stream(user), from ?? '');
      if (afterId === undefined) return { events: entries.map(toEvent), complete: true };
      const known = from !== undefined && last !== '' && compareEventIds(from, last) <= 0;
      if (!known) {
        const all = from === undefined ? entries : (await r.ofgateReadAfter(k.stream(user), ''))[0];
        return { events: all.map(toEvent), complete: false };
      }
      const complete = deleted === '' || deleted === '0-0' || compareEventIds(from, deleted) >= 0;
      return { events: entries.map(toEvent), complete };
    },

    async deliveredUpTo(user) {
      return (await r.get(k.delivered(user))) ?? undefined;
    },

    markDelivered(user, id) {
      r.ofgateMarkDelivered(k.delivered(user), id, idleTtl).catch((err: unknown) => report('delivered mark', err));
    },

    setListeners(user, count) {
      if (count > 0) localListeners.set(user, count);
      else localListeners.delete(user);
      writeListeners(user, count);
    },

    async hasListeners(user) {
      if ((localListeners.get(user) ?? 0) > 0) return true;
      const marks = await r.hgetall(k.listeners(user));
      const t = now();
      return Object.values(marks).some((v) => {
        const [count, until] = v.split(':').map(Number);
        return (count ?? 0) > 0 && (until ?? 0) > t;
      });
    },

    watch(user, watcher) {
      let set = watchers.get(user);
      if (!set) {
        watchers.set(user, (set = new Set()));
        const channel = k.channel(user);
        subscribed.set(
          user,
          o.subscriber.subscribe(channel).then(
            () => undefined,
            (err: unknown) => report('subscribe', err),
          ),
        );
      }
      set.add(watcher);
      return () => {
        const s = watchers.get(user);
        if (!s?.delete(watcher) || s.size > 0) return;
        watchers.delete(user);
        subscribed.delete(user);
        o.subscriber.unsubscribe(k.channel(user)).catch((err: unknown) => report('unsubscribe', err));
      };
    },

    async drop(user) {
      // what was appended before the drop goes first (same connection: Redis keeps the order)
      const pending = batches.get(user);
      if (pending) flush(user, pending);
      await r.multi().del(k.stream(user), k.bytes(user), k.delivered(user)).publish(k.channel(user), 'D').exec();
    },

    refresh() {
      if (localListeners.size === 0) return;
      const m = r.multi();
      for (const [user, count] of localListeners) m.hset(k.listeners(user), o.instanceId, listenerValue(count)).pexpire(k.listeners(user), listenerTtl);
      m.exec().catch((err: unknown) => report('listener refresh', err));
    },

    async close() {
      const m = r.multi();
      for (const user of localListeners.keys()) m.hdel(k.listeners(user), o.instanceId);
      localListeners.clear();
      await m.exec().catch(() => undefined);
      watchers.clear();
      subscribed.clear();
    },
  };
}
