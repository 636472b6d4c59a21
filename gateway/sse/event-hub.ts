/**
 * The SSE hub: local fan-out over the per-user event log (gateway/events). Every ChatEvent of a
 * user is appended to the log, which gives it its id; every stream of the user open on THIS
 * instance gets every event (ofchat fed only the newest tab), whichever instance appended it. The
 * hub also sends heartbeats and closes streams whose client is too slow (sse-stream.ts,
 * slow-client.ts): one shared timer, running while a stream is open here, looks at every stream's
 * live backlog (no timer per stream or per frame).
 *
 * Replay rules, for a stream that subscribes:
 * - with a Last-Event-ID the log issued: every retained event after that id, each once;
 * - with an unknown id (another run, garbage) or one older than what is retained: everything
 *   retained (older events are gone; what is retained is all that can be given);
 * - without Last-Event-ID (a fresh tab / first connect): the retained events after the newest one
 *   already handed to any stream of the user on any instance ("delivered up to"), i.e. what
 *   arrived while no stream was open — a new tab does not replay what another tab already got.
 * Between the replay and live delivery nothing is lost or doubled: live events are held while the
 * replay is read and only those after its last id are sent. When the log no longer holds every
 * event after the id the stream starts from (dropped past the replay bounds, or an id of another
 * run), the replay starts with a `resync` notice (stream-notices.ts); so does a re-read after a
 * lost log connection that could not fill the gap.
 * The replay is written as the client reads (sse-stream.ts): only live events count as the
 * client's backlog, so a burst of big events replayed on reconnect never trips the cut-off.
 * Streams opened with `maxStreams` (the HTTP ones) are capped per user on this instance: one more
 * closes the oldest after a `replaced` notice. In-process waits (event-waiter.ts) are not counted.
 * "Handed to a stream" means written or queued to it; a stream closed before the client read it is
 * covered by that client's Last-Event-ID on reconnect.
 * Stanza copies (`chatapi.xmpp {xmpp}`, chat-event.ts StanzaCopies): `wantsStanzaCopies` answers
 * producers from the config choice and the user's open tabs here; a tab opened with
 * `stanzaCopies: false` (or, under `when-asked`, without `stanzaCopies: true`) never gets one,
 * live or replayed.
 * References: WHATWG HTML §9.2 (Last-Event-ID, retry); ofchat-api.md §6.
 */
import { systemClock, type Clock } from '../clock/index.js';
import { compareEventIds, type EventLog, type LogWatcher, type LoggedEvent, type MaybePromise, type ReadResult } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { htmlSafeJson } from '../xml/index.js';
import { isStanzaCopy, type ChatEvent, type EventPublisher, type StanzaCopies, type StanzaCopyChoice } from './chat-event.js';
import type { EventSink, Subscription } from './event-sink.js';
import type { TooSlow } from './slow-client.js';
import { frameLogged, HEARTBEAT_FRAME, RETRY_FRAME } from './sse-frame.js';
import { createSseStream, type SseStream, type SseStreamOptions } from './sse-stream.js';
import { REPLACED_FRAME, RESYNC_FRAME } from './stream-notices.js';

export interface EventHubOptions {
  readonly log: EventLog;
  /** Unsent live bytes a stream may queue before it is closed at once (the hard ceiling). */
  readonly maxBufferedBytes: number;
  /** How long live data may wait unsent with no drain before the stream is closed; default 30. */
  readonly slowClientSeconds?: number;
  readonly heartbeatSeconds: number;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** config sse.stanzaCopies; default every-stanza (ofchat). */
  readonly stanzaCopies?: StanzaCopies;
}

export interface SubscribeOptions {
  /** This stream counts towards a cap of streams per user: past it the oldest counted one closes. */
  readonly maxStreams?: number;
  /** This stream wants the `chatapi.xmpp` copy of every stanza (true) or not (false); omitted: the config's choice. */
  readonly stanzaCopies?: boolean;
}

export interface EventHub extends EventPublisher, StanzaCopyChoice {
  /** Opens a stream for the user: writes `retry:`, the replay (rules above), then live events. */
  subscribe(username: string, sink: EventSink, lastEventId?: string, options?: SubscribeOptions): Subscription;
  /** Some stream of the user is open on some instance. */
  hasListeners(username: string): MaybePromise<boolean>;
  /** At logoff: forgets the user's events and closes the user's streams on every instance. */
  forget(username: string): void;
  /** Closes every stream here and the heartbeat timer. */
  stop(): void;
  /** Streams open here and their live bytes not yet taken by the clients (metrics). */
  stats(): { readonly clients: number; readonly bufferedBytes: number };
}

/**
 * One open stream of a user here. Also its stream's options (sse-stream.ts): the limits are the
 * hub's, `onTooSlow` names this tab. A class (methods on the prototype, `held` made when a live
 * event arrives during the replay): thousands of open tabs share their functions.
 */
interface Tab extends SseStreamOptions, Subscription {
  readonly stream: SseStream;
  /** Opened with a cap (an HTTP stream): counts towards it. */
  readonly capped: boolean;
  /** Gets stanza copies (the config's choice or its own). */
  readonly copies: boolean;
  /** false while the replay is being read: live events wait in `held`. */
  live: boolean;
  /** Live events that arrived while the replay was read; undefined while none did. */
  held: LoggedEvent[] | undefined;
  /**
   * Newest id handed to this tab (or the id its replay started after). Per tab: with a shared log
   * a replay read can overtake the live announcements, so what one tab has seen says nothing
   * about another.
   */
  lastId: string | undefined;
}

interface Channel extends LogWatcher {
  readonly tabs: Set<Tab>;
  /** Tabs here that get stanza copies. */
  copying: number;
  unwatch: () => void;
}

/** The shared slow-client check runs this often: a cut comes at most a quarter of the limit late (within [¼ s, 5 s]). */
const slowCheckMs = (slowClientMs: number): number => Math.min(5000, Math.max(250, Math.floor(slowClientMs / 4)));

/** Calls fn with the value now, or when the promise settles (the memory log answers at once). */
function then<T>(v: MaybePromise<T>, fn: (value: T) => void, fail: (err: unknown) => void): void {
  if (v instanceof Promise) v.then(fn, fail);
  else fn(v);
}

export function createEventHub(opts: EventHubOptions): EventHub {
  const clock = opts.clock ?? systemClock;
  const copiesByDefault = (opts.stanzaCopies ?? 'every-stanza') === 'every-stanza';
  const { log, logger } = opts;
  const slowClientMs = (opts.slowClientSeconds ?? 30) * 1000;
  const channels = new Map<string, Channel>();
  let openTabs = 0;
  /** The heartbeat and the slow-client check, running while a tab is open here. */
  let cancelTimers: (() => void) | undefined;
  let stopped = false;

  const key = (username: string): string => username.toLowerCase();

  const heartbeat = (): void => {
    for (const ch of channels.values()) for (const t of ch.tabs) t.stream.heartbeat(HEARTBEAT_FRAME);
    log.refresh();
  };
  const checkSlow = (): void => {
    // a cut removes the tab (and maybe the channel): walk copies
    for (const ch of [...channels.values()]) for (const t of [...ch.tabs]) t.stream.checkSlow();
  };
  const startTimers = (): void => {
    if (cancelTimers) return;
    const offHeartbeat = clock.every(opts.heartbeatSeconds * 1000, heartbeat);
    const offCheck = clock.every(slowCheckMs(slowClientMs), checkSlow);
    cancelTimers = () => {
      offHeartbeat();
      offCheck();
    };
  };
  const stopTimers = (): void => {
    cancelTimers?.();
    cancelTimers = undefined;
  };
  const liveCount = (ch: Channel): number => ch.tabs.size;
  const removeTab = (user: string, ch: Channel, tab: Tab): void => {
    if (!ch.tabs.delete(tab)) return;
    openTabs -= 1;
    if (tab.copies) ch.copying -= 1;
    log.setListeners(user, liveCount(ch));
    if (ch.tabs.size === 0 && channels.get(user) === ch) {
      channels.delete(user);
      ch.unwatch();
    }
    if (openTabs === 0) stopTimers();
  };
  const closeChannel = (user: string, ch: Channel): void => {
    if (channels.get(user) === ch) channels.delete(user);
    ch.unwatch();
    for (const t of ch.tabs) t.stream.end(true);
    openTabs -= ch.tabs.size;
    ch.tabs.clear();
    ch.copying = 0;
    log.setListeners(user, 0);
  };
  const deliver = (ch: Channel, e: LoggedEvent): void => {
    let frame: string | undefined;
    const copy = ch.copying < ch.tabs.size && isStanzaCopy(e.name, e.data);
    for (const t of ch.tabs) {
      if (copy && !t.copies) continue;
      if (!t.live) (t.held ??= []).push(e);
      else if (t.lastId === undefined || compareEventIds(e.id, t.lastId) > 0) { // else: seen (replay or resync overlap)
        t.stream.send((frame ??= frameLogged(e)));
        t.lastId = e.id;
      }
    }
  };
  /** After a lost connection to the shared log: re-read from the oldest id any live tab has. */
  const resync = (user: string, ch: Channel): void => {
    let from: string | undefined;
    let all = false;
    for (const t of ch.tabs) {
      if (!t.live) continue;
      if (t.lastId === undefined) all = true;
      else if (from === undefined || compareEventIds(t.lastId, from) < 0) from = t.lastId;
    }
    then(
      log.readAfter(user, all ? undefined : from),
      (r) => {
        if (!r.complete) for (const t of ch.tabs) if (t.live) t.stream.send(RESYNC_FRAME);
        for (const e of r.events) deliver(ch, e);
      },
      (err) => {
        // a gap cannot be filled now: end the tabs, their clients reconnect with Last-Event-ID
        logger.warn('sse: cannot re-read the event log after a reconnect; closing the streams', { username: user, error: err as Error });
        closeChannel(user, ch);
      },
    );
  };
  /** A user's tabs here; the log's watcher of the user. */
  class UserChannel implements Channel {
    readonly tabs = new Set<Tab>();
    copying = 0;
    unwatch: () => void = () => {};
    constructor(private readonly user: string) {}
    event(e: LoggedEvent): void {
      deliver(this, e);
    }
    resync(): void {
      resync(this.user, this);
    }
    dropped(): void {
      closeChannel(this.user, this);
    }
  }
  const channelOf = (user: string): Channel => {
    const existing = channels.get(user);
    if (existing) return existing;
    const ch = new UserChannel(user);
    channels.set(user, ch);
    ch.unwatch = log.watch(user, ch);
    return ch;
  };
  class UserTab implements Tab {
    readonly stream: SseStream;
    live = false;
    held: LoggedEvent[] | undefined = undefined;
    lastId: string | undefined = undefined;
    constructor(private readonly user: string, private readonly ch: Channel, sink: EventSink, readonly capped: boolean, readonly copies: boolean) {
      this.stream = createSseStream(sink, this);
    }
    get maxBufferedBytes(): number {
      return opts.maxBufferedBytes;
    }
    get slowClientMs(): number {
      return slowClientMs;
    }
    get clock(): Pick<Clock, 'now'> {
      return clock;
    }
    onTooSlow(why: TooSlow): void {
      logger.warn('sse: stream closed, client too slow', { username: this.user, ...why });
      removeTab(this.user, this.ch, this);
    }
    close(): void {
      this.stream.end(false);
      removeTab(this.user, this.ch, this);
    }
  }

  /** Sends the replay, then what arrived meanwhile, and makes the tab live. */
  const finishReplay = (user: string, tab: Tab, from: string | undefined, r: ReadResult): void => {
    if (tab.stream.ended) return;
    if (from !== undefined && !r.complete) tab.stream.send(RESYNC_FRAME);
    // what the client already has: up to `from`, when the log knows that id
    let last: string | undefined = r.complete ? from : undefined;
    const replay: LoggedEvent[] = tab.copies ? [...r.events] : r.events.filter((e) => !isStanzaCopy(e.name, e.data));
    if (r.events.length > 0) last = (r.events[r.events.length - 1] as LoggedEvent).id; // read up to there, copies skipped or not
    for (const e of tab.held ?? []) {
      if (last !== undefined && compareEventIds(e.id, last) <= 0) continue;
      replay.push(e);
      last = e.id;
    }
    const sent = replay.length > 0;
    tab.stream.replay(replay);
    tab.held = undefined;
    tab.live = true;
    tab.lastId = last;
    if (sent && last !== undefined) log.markDelivered(user, last);
  };

  /** Closes the oldest capped tabs of the user until at most `keep` are left. */
  const makeRoom = (user: string, keep: number): void => {
    const ch = channels.get(user);
    if (!ch) return;
    const capped = [...ch.tabs].filter((t) => t.capped);
    for (const old of capped.slice(0, Math.max(0, capped.length - keep))) {
      logger.info('sse: oldest stream closed, too many streams for one user', { username: user, open: capped.length });
      old.stream.send(REPLACED_FRAME);
      old.stream.end(true);
      removeTab(user, ch, old);
    }
  };

  return {
    publish(username, event: ChatEvent) {
      if (stopped) return;
      let data: string;
      try {
        data = htmlSafeJson(event.data);
      } catch (err) {
        logger.warn('sse: event not serialisable, dropped', { username, event: event.name, error: err as Error });
        return;
      }
      const r = log.append(key(username), event.name, data);
      if (r instanceof Promise) r.catch((err: unknown) => logger.warn('sse: event not stored, dropped', { username, event: event.name, error: err as Error }));
    },

    subscribe(username, sink, lastEventId, options = {}) {
      const user = key(username);
      if (options.maxStreams !== undefined) makeRoom(user, options.maxStreams - 1);
      const ch = channelOf(user);
      const me = new UserTab(user, ch, sink, options.maxStreams !== undefined, options.stanzaCopies ?? copiesByDefault);
      const stream = me.stream;
      if (stopped) {
        stream.end(true);
        return { close() {} };
      }
      ch.tabs.add(me);
      if (me.copies) ch.copying += 1;
      openTabs += 1;
      log.setListeners(user, liveCount(ch));
      startTimers();
      stream.send(RETRY_FRAME);
      const fail = (err: unknown): void => {
        logger.warn('sse: cannot read the event log, stream closed (the client reconnects)', { username: user, error: err as Error });
        stream.end(true);
        removeTab(user, ch, me);
      };
      const read = (from: string | undefined): void =>
        then(log.readAfter(user, from), (r) => finishReplay(user, me, from, r), fail);
      if (lastEventId) read(lastEventId);
      else then(log.deliveredUpTo(user), read, fail);
      if (stream.ended) removeTab(user, ch, me);
      return me;
    },

    hasListeners: (username) => log.hasListeners(key(username)),

    wantsStanzaCopies(username) {
      const ch = channels.get(key(username));
      if (!ch || ch.tabs.size === 0) return copiesByDefault; // kept for the replay of a default tab
      return ch.copying > 0;
    },

    forget(username) {
      const user = key(username);
      const r = log.drop(user);
      const closeHere = (): void => {
        const ch = channels.get(user);
        if (ch) closeChannel(user, ch);
        if (openTabs === 0) stopTimers();
      };
      if (!(r instanceof Promise)) {
        closeHere(); // the memory log: the last events were delivered inside publish
        return;
      }
      // the shared log announces the drop after the last appended events, in order: the tabs here
      // (like those on the other instances) close on that announcement, having got every event
      r.catch((err: unknown) => {
        logger.warn('sse: cannot drop the event log', { username: user, error: err as Error });
        closeHere();
      });
    },

    stats() {
      let clients = 0;
      let bufferedBytes = 0;
      for (const ch of channels.values()) {
        for (const t of ch.tabs) {
          clients += 1;
          bufferedBytes += t.stream.queuedBytes;
        }
      }
      return { clients, bufferedBytes };
    },

    stop() {
      stopped = true;
      for (const [user, ch] of [...channels]) closeChannel(user, ch);
      stopTimers();
    },
  };
}
