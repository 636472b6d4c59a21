/**
 * A small typed in-process event bus for hook events. Subscribers are called in
 * subscription order; one that throws (or rejects) is reported to `onError` and never
 * keeps the others from receiving the event.
 */
import { HOOK_EVENT_NAMES, type EventOf, type HookEvent, type HookEventName } from './events.js';

export type Unsubscribe = () => void;
type Listener<E> = (event: E) => void | Promise<void>;

export interface HookBus {
  publish(event: HookEvent): void;
  subscribe<N extends HookEventName>(name: N, listener: Listener<EventOf<N>>): Unsubscribe;
  subscribeAll(listener: Listener<HookEvent>): Unsubscribe;
  /**
   * The event kinds somebody listens to (every kind when a listener takes all), in
   * HOOK_EVENT_NAMES order. The receiver tells mod_ofgate, which then forwards only those.
   */
  interest(): readonly HookEventName[];
  /** Calls `listener` whenever interest() changes (a kind gains its first or loses its last listener). */
  onInterestChange(listener: () => void): Unsubscribe;
}

export interface HookBusOptions {
  onError?: (error: unknown, event: HookEvent) => void;
}

export function createHookBus(opts: HookBusOptions = {}): HookBus {
  // One list keeps the global subscription order, whatever the filter. It is replaced, never
  // changed in place, so publish iterates a stable list without copying it per event.
  let entries: ReadonlyArray<{ name: HookEventName | '*'; listener: Listener<HookEvent> }> = [];
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
  let interest: readonly HookEventName[] = [];
  let interestWatchers: ReadonlyArray<() => void> = [];
  const replace = (next: typeof entries): void => {
    const before = interest;
    entries = next;
    interest = interestOf(entries);
    if (interest.join() === before.join()) return;
    for (const watcher of interestWatchers) {
      try {
        watcher();
      } catch {
        // a watcher that throws must not break subscribing
      }
    }
  };
  const add = (name: HookEventName | '*', listener: Listener<HookEvent>): Unsubscribe => {
    const entry = { name, listener };
    replace([...entries, entry]);
    return () => replace(entries.filter((e) => e !== entry));
  };
  return {
    publish(event) {
      for (const { name, listener } of entries) {
        if (name !== '*' && name !== event.event) continue;
        try {
          const r = listener(event);
          if (r && typeof r.then === 'function') r.then(undefined, (err: unknown) => report(err, event));
        } catch (err) {
          report(err, event);
        }
      }
    },
    subscribe(name, listener) {
      return add(name, listener as Listener<HookEvent>);
    },
    subscribeAll(listener) {
      return add('*', listener);
    },
    interest() {
      return interest;
    },
    onInterestChange(watcher) {
      interestWatchers = [...interestWatchers, watcher];
      return () => {
        interestWatchers = interestWatchers.filter((w) => w !== watcher);
      };
    },
  };
}
