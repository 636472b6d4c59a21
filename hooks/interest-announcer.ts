/**
 * Keeps mod_ofgate told which hook events ofgate reads (it builds and posts only those): once
 * at start, again whenever the bus's interest (kinds or message selectors) changes, retrying with back-off while ejabberd
 * cannot be reached. The shim also learns it from every answer to its posts (receiver.ts);
 * this covers the kinds that no post would bring (a listener added later, a quiet server).
 */
import type { HookBus } from './bus.js';
import type { HookEventName } from './events.js';
import type { MessageSelectors } from './message-selector.js';
import type { HookLog } from './receiver.js';

export interface InterestAnnouncer {
  /** Settles after the first attempt (told or not: a failure is retried in the background). */
  readonly first: Promise<void>;
  stop(): void;
}

export interface InterestAnnouncerOptions {
  readonly log: HookLog;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export function announceInterest(bus: HookBus, tell: (events: readonly HookEventName[], selectors: MessageSelectors) => Promise<readonly string[]>, o: InterestAnnouncerOptions): InterestAnnouncer {
  const min = o.retryMinMs ?? 1000;
  const max = o.retryMaxMs ?? 30000;
  let stopped = false;
  let running = false;
  let again = false;
  let delay = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (ms: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  };
  const attempt = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    try {
      const selectors = bus.selectors();
      const forwarded = await tell(bus.interest(), selectors);
      delay = 0;
      o.log.info('mod_ofgate forwards the hook events ofgate reads', { forwarded, ...(Object.keys(selectors).length > 0 ? { selectors } : {}) });
    } catch (error) {
      delay = Math.min(Math.max(delay * 2, min), max);
      o.log.warn('could not tell mod_ofgate which hook events to forward; retrying (meanwhile it goes by its last answer)', { error: error as Error, retryInMs: delay });
      schedule(delay);
    } finally {
      running = false;
      if (again) schedule(0);
    }
  };
  const off = bus.onInterestChange(() => schedule(0));
  return {
    first: attempt(),
    stop() {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
    },
  };
}
