/**
 * A small typed in-process event bus for hook events. `publish` starts the subscribers in
 * subscription order, synchronously, and resolves once every one of them has finished (sync or
 * async): the intakes await it, so an event counts as handed over only after its subscribers
 * ran. One that throws (or rejects) is reported to `onError` and never keeps the others from
 * receiving the event, nor makes publish reject. Order: a subscriber is called for events in
 * the order they are published; callers that need one event's effects finished before the
 * next starts (the intakes) await each publish.
 */
import { HOOK_EVENT_NAMES, type EventOf, type HookEvent, type HookEventName } from './events.js';
import { MESSAGE_EVENT_NAMES, selectorKey, type MessageEventName, type MessageSelector, type MessageSelectors } from './message-selector.js';

export type Unsubscribe = () => void;
type Listener<E> = (event: E) => void | Promise<unknown>;

export interface HookBus {
  /**
   * Calls every subscriber of the event's kind; resolves, once they all finished, with how many
   * of them failed (each was reported to onError). Never rejects.
   */
  publish(event: HookEvent): Promise<number>;
  /**
   * `selector` (message kinds only) tells mod_ofgate which messages this subscriber reads
   * (message-selector.ts); the listener still gets every event of the kind that arrives.
   */
  subscribe<N extends HookEventName>(name: N, listener: Listener<EventOf<N>>, selector?: N extends MessageEventName ? MessageSelector : never): Unsubscribe;
  subscribeAll(listener: Listener<HookEvent>): Unsubscribe;
  /**
   * The event kinds somebody listens to (every kind when a listener takes all), in
   * HOOK_EVENT_NAMES order. The receiver tells mod_ofgate, which then forwards only those.
   */
  interest(): readonly HookEventName[];
  /** The message kinds whose every subscriber gave a selector, with their selectors (deduplicated). */
  selectors(): MessageSelectors;
  /** Calls `listener` whenever interest() or selectors() change (a kind gains its first or loses its last listener, a selector comes or goes). */
  onInterestChange(listener: () => void): Unsubscribe;
}

export interface HookBusOptions {
  onError?: (error: unknown, event: HookEvent) => void;
  /** Told of every event published, before its subscribers (metrics); never widens interest. */
  onPublish?: (event: HookEvent) => void;
}

const DONE: Promise<number> = Promise.resolve(0);

export function createHookBus(opts: HookBusOptions = {}): HookBus {
  // One list keeps the global subscription order, whatever the filter. It is replaced, never
  // changed in place, so publish iterates a stable list without copying it per event.
  let entries: ReadonlyArray<{ name: HookEventName | '*'; listener: Listener<HookEvent>; selector: MessageSelector | undefined }> = [];
  const report = (error: unknown, event: HookEvent): void => {
    try {
      opts.onError?.(error, event);
    } catch {
      // an error reporter that throws must not break publishing either
    }
  };
  const interestOf = (list: typeof entries): readonly HookEventName[] => {
    const names = new Set(list.map((e) => e.name));
    return names.has('*') ? HOOK_EVENT_NAMES : HOOK_EVENT_NAMES.filter((n) => names.has(n));
  };
  const selectorsOf = (list: typeof entries): MessageSelectors => {
    const out: Partial<Record<MessageEventName, MessageSelector[]>> = {};
    if (list.some((e) => e.name === '*')) return out;
    for (const kind of MESSAGE_EVENT_NAMES) {
      const of = list.filter((e) => e.name === kind);
      if (of.length === 0 || of.some((e) => e.selector === undefined)) continue;
      const unique = new Map(of.map((e) => [selectorKey(e.selector as MessageSelector), e.selector as MessageSelector]));
      out[kind] = [...unique.values()];
    }
    return out;
  };
  let interest: readonly HookEventName[] = [];
  let selectors: MessageSelectors = {};
  let interestWatchers: ReadonlyArray<() => void> = [];
  const replace = (next: typeof entries): void => {
    const before = `${interest.join()} ${JSON.stringify(selectors)}`;
    entries = next;
    interest = interestOf(entries);
    selectors = selectorsOf(entries);
    if (`${interest.join()} ${JSON.stringify(selectors)}` === before) return;
    for (const watcher of interestWatchers) {
      try {
        watcher();
      } catch {
        // a watcher that throws must not break subscribing
      }
    }
  };
  const add = (name: HookEventName | '*', listener: Listener<HookEvent>, selector?: MessageSelector): Unsubscribe => {
    const entry = { name, listener, selector };
    replace([...entries, entry]);
    return () => replace(entries.filter((e) => e !== entry));
  };
  return {
    publish(event) {
      if (opts.onPublish) {
        try {
          opts.onPublish(event);
        } catch {
          // an observer that throws must not break publishing
        }
      }
      let pending: Array<Promise<number>> | undefined;
      let failed = 0;
      for (const { name, listener } of entries) {
        if (name !== '*' && name !== event.event) continue;
        try {
          const r = listener(event);
          if (r && typeof r.then === 'function') {
            (pending ??= []).push(r.then(() => 0, (err: unknown) => (report(err, event), 1)));
          }
        } catch (err) {
          report(err, event);
          failed += 1;
        }
      }
      // Sync subscribers only (the common case): nothing to wait for.
      if (pending === undefined) return failed === 0 ? DONE : Promise.resolve(failed);
      return Promise.all(pending).then((r) => r.reduce((a, b) => a + b, failed));
    },
    subscribe(name, listener, selector) {
      return add(name, listener as Listener<HookEvent>, selector as MessageSelector | undefined);
    },
    subscribeAll(listener) {
      return add('*', listener);
    },
    interest() {
      return interest;
    },
    selectors() {
      return selectors;
    },
    onInterestChange(watcher) {
      interestWatchers = [...interestWatchers, watcher];
      return () => {
        interestWatchers = interestWatchers.filter((w) => w !== watcher);
      };
    },
  };
}
