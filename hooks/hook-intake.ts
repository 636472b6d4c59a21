/**
 * The intake port: where the receiver hands a decoded batch over before it answers the shim.
 * `accept` resolves only once the hand-off is durable (the local intake: the subscribers ran;
 * the shared one: the batch is appended to the Redis hook stream), so a 200 never stands for a
 * batch a crash could still lose. It rejects when it cannot make it durable (Redis down): the
 * receiver then answers 503 and the shim sends the same batch again later.
 * Ids already taken are counted as duplicates and not handed over again.
 */
import type { HookEvent } from './events.js';

export interface IntakeResult {
  /** Events handed over by this call. */
  readonly accepted: number;
  /** Events whose id was already taken (a retried batch). */
  readonly duplicates: number;
}

export interface HookIntake {
  accept(events: readonly HookEvent[]): Promise<IntakeResult>;
}
