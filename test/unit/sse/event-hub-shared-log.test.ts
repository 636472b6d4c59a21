/**
 * The hub over a log that behaves like the shared one: appends are stored at once, watchers
 * hear of them later (pub/sub lag) and reads answer asynchronously, so a new tab's replay can
 * overtake the live announcements the open tabs are waiting for.
 */
import assert from 'node:assert/strict';
import type { EventLog, LogWatcher, LoggedEvent } from '../../../gateway/events/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createEventHub, type ChatEvent } from '../../../gateway/sse/index.js';
import { createMemorySink } from '../../kit/memory-sink.js';

function laggingLog(): EventLog & { flush(): void; failReads: boolean } {
  const entries: LoggedEvent[] = [];
  const pending: LoggedEvent[] = [];
  const watchers = new Set<LogWatcher>();
  let seq = 0;
  const n = (id: string): number => Number(id.split('-')[1]);
  const log = {
    failReads: false,
    append(_u: string, name: string, data: string) {
      const e = { id: `1-${++seq}`, name, data };
      entries.push(e);
      pending.push(e);
      return Promise.resolve(e.id);
    },
    async readAfter(_u: string, after: string | undefined) {
      if (log.failReads) throw new Error('connection lost');
      return { events: entries.filter((e) => after === undefined || n(e.id) > n(after)), complete: true };
    },
    deliveredUpTo: async () => undefined,
    markDelivered() {},
    setListeners() {},
    hasListeners: () => true,
    watch(_u: string, w: LogWatcher) {
      watchers.add(w);
      return () => void watchers.delete(w);
    },
    drop() {},
    refresh() {},
    async close() {},
    flush() {
      for (const e of pending.splice(0)) for (const w of watchers) w.event(e);
    },
    resyncAll() {
      for (const w of watchers) w.resync();
    },
  };
  return log;
}

const ev = (n: number): ChatEvent => ({ name: 'chatapi.chat', data: { body: String(n) } });
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
const ids = (s: ReturnType<typeof createMemorySink>): string[] => s.events().map((e) => e.id);

describe('sse event hub over a lagging shared log', () => {
  it('when a second tab replays past what the open tab has heard, then the open tab still gets every event once', async () => {
    const log = laggingLog();
    const hub = createEventHub({ log, maxBufferedBytes: 1 << 20, heartbeatSeconds: 60, logger: silentLogger });
    const a = createMemorySink();
    const b = createMemorySink();
    hub.subscribe('u', a);
    await settle();
    hub.publish('u', ev(1));
    log.flush();
    hub.publish('u', ev(2)); // stored; its announcement is late
    hub.subscribe('u', b, '1-1');
    await settle(); // b's replay read returns 2
    log.flush(); // the announcement of 2 arrives
    hub.publish('u', ev(3));
    log.flush();
    assert.deepEqual(ids(a), ['1-1', '1-2', '1-3']);
    assert.deepEqual(ids(b), ['1-2', '1-3']);
    hub.stop();
  });

  it('when live events arrive while a tab\'s replay is being read, then they are held and follow the replay, each once, in order', async () => {
    const log = laggingLog();
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    const read = log.readAfter.bind(log);
    log.readAfter = async (u: string, after: string | undefined) => {
      const r = read(u, after); // what the log holds when the read is asked
      await gate;
      return r;
    };
    const hub = createEventHub({ log, maxBufferedBytes: 1 << 20, heartbeatSeconds: 60, logger: silentLogger });
    const a = createMemorySink();
    hub.publish('u', ev(1));
    hub.subscribe('u', a);
    await settle(); // the replay read holds 1 and waits at the gate
    hub.publish('u', ev(2));
    log.flush(); // 1 and 2 are announced while the tab is not live yet
    assert.deepEqual(ids(a), [], 'nothing before the replay');
    release();
    await settle();
    hub.publish('u', ev(3));
    log.flush();
    assert.deepEqual(ids(a), ['1-1', '1-2', '1-3']);
    hub.stop();
  });

  it('when the shared log cannot be re-read after a lost connection, then the tabs are closed (their clients reconnect with Last-Event-ID)', async () => {
    const log = laggingLog();
    const hub = createEventHub({ log, maxBufferedBytes: 1 << 20, heartbeatSeconds: 60, logger: silentLogger });
    const a = createMemorySink();
    hub.subscribe('u', a);
    await settle();
    log.failReads = true;
    (log as unknown as { resyncAll(): void }).resyncAll();
    await settle();
    assert.equal(a.closed, true);
    hub.stop();
  });
});
