/**
 * What this instance handled of mod_ofgate's events, for operators and the cluster tests: how
 * many of each kind, and the most recent ones (id, kind, JID, presence status) in a bounded ring.
 * With several instances each hook event is handled by one of them, so the ledgers of all
 * instances together show every event once. It listens only to kinds somebody else already reads
 * (passing them in), so it never widens what the shim is asked to forward.
 */
import type { HookBus, Unsubscribe } from './bus.js';
import type { HookEvent, HookEventName } from './events.js';

export interface LedgerEntry {
  readonly id: string;
  readonly event: HookEventName;
  readonly jid?: string;
  readonly status?: string;
}

export interface HookLedger {
  counts(): Readonly<Partial<Record<HookEventName, number>>>;
  /** The newest `capacity` events handled here, oldest first. */
  recent(): LedgerEntry[];
  stop(): void;
}

export function createHookLedger(bus: HookBus, kinds: readonly HookEventName[], capacity = 2000): HookLedger {
  const counts: Partial<Record<HookEventName, number>> = {};
  const ring: LedgerEntry[] = [];
  let next = 0;
  const record = (e: HookEvent): void => {
    counts[e.event] = (counts[e.event] ?? 0) + 1;
    const entry: LedgerEntry = {
      id: e.id,
      event: e.event,
      ...('jid' in e && typeof e.jid === 'string' ? { jid: e.jid } : {}),
      ...(e.event === 'presence_set' || e.event === 'presence_unset' ? { status: e.status } : {}),
    };
    if (ring.length < capacity) ring.push(entry);
    else ring[next] = entry;
    next = (next + 1) % capacity;
  };
  const offs: Unsubscribe[] = kinds.map((k) => bus.subscribe(k, record));
  return {
    counts: () => ({ ...counts }),
    recent: () => (ring.length < capacity ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)]),
    stop: () => offs.forEach((off) => off()),
  };
}
