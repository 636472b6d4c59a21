/**
 * The single-instance intake: the dedup window, then each new event published on the local bus
 * in batch order, awaiting its subscribers. The receiver answers 200 after that, so a crash
 * before the subscribers ran leaves the batch with the shim, which sends it again.
 *
 * Batches are handed to the bus one at a time, in arrival order: a retried batch that arrives
 * while its first copy is still being published waits for it and is then counted as duplicates
 * (it could not otherwise be answered 200 before the first copy's subscribers ran).
 */
import type { HookBus } from './bus.js';
import { createDedupWindow } from './dedup-window.js';
import type { HookIntake, IntakeResult } from './hook-intake.js';

export interface LocalIntakeOptions {
  readonly bus: Pick<HookBus, 'publish'>;
  /** How many recent event ids are remembered to ignore retried duplicates (default 10 000). */
  readonly dedupWindow?: number;
}

export function createLocalIntake(opts: LocalIntakeOptions): HookIntake {
  const dedup = createDedupWindow(opts.dedupWindow ?? 10_000);
  let tail: Promise<unknown> = Promise.resolve();
  return {
    accept(events) {
      const run = async (): Promise<IntakeResult> => {
        let accepted = 0;
        let duplicates = 0;
        for (const event of events) {
          if (dedup.seen(event.id)) duplicates++;
          else {
            await opts.bus.publish(event);
            accepted++;
          }
        }
        return { accepted, duplicates };
      };
      const done = tail.then(run, run);
      tail = done;
      return done;
    },
  };
}
