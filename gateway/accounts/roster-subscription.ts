/**
 * Openfire's roster subscription integers ⇄ ejabberd's subscription names.
 * References: Openfire RosterItem.SubType (-1 remove, 0 none, 1 to, 2 from, 3 both);
 * REST API plugin RosterItemEntity.subscriptionType.
 */
import type { Subscription } from '../ejabberd/index.js';

const BY_INT: ReadonlyMap<number, Subscription> = new Map<number, Subscription>([
  [-1, 'remove'],
  [0, 'none'],
  [1, 'to'],
  [2, 'from'],
  [3, 'both'],
]);

/** undefined for an integer Openfire does not know. */
export function subscriptionFromInt(n: number): Subscription | undefined {
  return BY_INT.get(n);
}

export function subscriptionToInt(s: Subscription): number {
  for (const [n, name] of BY_INT) if (name === s) return n;
  return 0;
}
