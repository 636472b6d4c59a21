/**
 * Click-to-chat's state in the store, changed only by the machine's `step`: one record
 * (collection `clicktochat`, id `pairs`) holding the queue and every client, so each change —
 * a reservation, a release, an agent leaving with all its clients moving — is one atomic store
 * update.
 *
 * Rules it keeps:
 * - The step is pure and may run several times (a concurrent writer here or on another
 *   instance re-runs it on the new record); the result and effects kept are those of the run
 *   whose write won, and the effects are handed to `onEffects` (awaited) only after the write
 *   resolved. So two instances never put two clients into one slot.
 * - A step that changes nothing writes nothing.
 * - Time comes from the injected clock, read once per change before the write.
 */
import type { Clock } from '../clock/index.js';
import { KEEP, type Store } from '../store/index.js';
import { emptyState, step, type ClickToChatState, type Effect, type PairingEvent, type PairingRules, type ResultOf } from './machine/index.js';

export const CLICKTOCHAT_COLLECTION = 'clicktochat';
const STATE_ID = 'pairs';

export interface PairingService {
  /** One step, committed; its effects carried out (awaited) before it resolves. */
  apply<E extends PairingEvent>(event: E): Promise<ResultOf<E>>;
  /** The state as stored now. */
  read(): Promise<ClickToChatState>;
}

export interface PairingServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly rules: PairingRules;
  readonly onEffects: (effects: readonly Effect[]) => Promise<void>;
}

export function createPairingService(opts: PairingServiceOptions): PairingService {
  const records = opts.store.collection<ClickToChatState>(CLICKTOCHAT_COLLECTION);
  return {
    async apply(event) {
      const now = opts.clock.now();
      let effects: readonly Effect[] = [];
      let result: ResultOf<typeof event> | undefined;
      await records.update(STATE_ID, (old) => {
        const base = old ?? emptyState();
        const out = step(base, event, now, opts.rules);
        effects = out.effects;
        result = out.result;
        return out.state === base ? KEEP : out.state;
      });
      if (effects.length > 0) await opts.onEffects(effects);
      return result as ResultOf<typeof event>;
    },
    async read() {
      return (await records.get(STATE_ID)) ?? emptyState();
    },
  };
}
