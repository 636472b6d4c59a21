/**
 * The durable outbox of LHC callbacks, in the store: one lane per operator (bare JID), its
 * callbacks in event order (collection `lhcOutbox`), and each operator's online resources
 * (collection `lhcOperatorResources`) so connect/disconnect follow the first and the last one.
 * Each change is one atomic store step; a lane that gets its first callback gets a durable
 * deadline (kind `lhc-callback`, id = lane) that the delivery runs on one instance.
 *
 * Rules it keeps:
 * - Order per operator: callbacks are appended to their lane and sent from its head only.
 * - connect is queued only when an operator's resource set goes from empty to non-empty,
 *   disconnect only when it goes empty (the originals flapped on every presence and resource);
 *   the resource set and the lane change in the same transact.
 * - A lane holds at most MAX_LANE callbacks; beyond, the oldest is dropped, logged and counted.
 */
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import type { Callback } from './callback-shapes.js';

export const LHC_OUTBOX = 'lhcOutbox';
export const LHC_OPERATOR_RESOURCES = 'lhcOperatorResources';
export const LHC_CALLBACK_KIND = 'lhc-callback';
export const MAX_LANE = 10_000;

export interface LaneRecord {
  readonly items: readonly Callback[];
  /** Failed tries of the head so far. */
  readonly attempts: number;
}

interface ResourcesRecord {
  readonly resources: readonly string[];
}

/** What a resource change did to the operator's set: the resource was added, removed, or it was already so. */
export type ResourceChange = 'added' | 'removed' | 'same';

export interface CallbackOutbox {
  enqueue(lane: string, callback: Callback): Promise<void>;
  /**
   * A resource of an operator came (online = true) or went. `edge` builds the callback for the
   * transition (connect when the first comes, disconnect when the last goes); null: none queued.
   */
  resourceChange(bare: string, resource: string, online: boolean, edge: (action: 'connect' | 'disconnect') => Callback | null): Promise<ResourceChange>;
  /** Every lane with callbacks gets its deadline (at start: covers a crash between a write and its schedule). */
  rearm(): Promise<number>;
  readonly dropped: () => number;
}

export function createCallbackOutbox(d: { store: Store; deadlines: Pick<DeadlineScheduler, 'schedule'>; now: () => number; log: Logger }): CallbackOutbox {
  const lanes = d.store.collection<LaneRecord>(LHC_OUTBOX);
  let dropped = 0;

  const append = (old: LaneRecord | undefined, cb: Callback): LaneRecord => {
    const items = [...(old?.items ?? []), cb];
    return { items: items.length > MAX_LANE ? items.slice(items.length - MAX_LANE) : items, attempts: old?.attempts ?? 0 };
  };
  const afterAppend = async (lane: string, before: LaneRecord | undefined): Promise<void> => {
    if ((before?.items.length ?? 0) >= MAX_LANE) {
      dropped += 1;
      d.log.warn('lhc: an operator\'s callback lane is full; its oldest callback was dropped', { lane });
    }
    if ((before?.items.length ?? 0) === 0) await d.deadlines.schedule(LHC_CALLBACK_KIND, lane, d.now());
  };

  return {
    async enqueue(lane, cb) {
      const before = await d.store.transact([{ collection: LHC_OUTBOX, id: lane }], ([cur]) => ({
        writes: [{ collection: LHC_OUTBOX, id: lane, value: append(cur as LaneRecord | undefined, cb) }],
        result: cur as LaneRecord | undefined,
      }));
      await afterAppend(lane, before);
    },
    async resourceChange(bare, resource, online, edge) {
      const keys = [{ collection: LHC_OPERATOR_RESOURCES, id: bare }, { collection: LHC_OUTBOX, id: bare }];
      const out = await d.store.transact(keys, ([r, l]) => {
        const had = (r as ResourcesRecord | undefined)?.resources ?? [];
        const now = online ? (had.includes(resource) ? had : [...had, resource]) : had.includes(resource) ? had.filter((x) => x !== resource) : had;
        const cb = had.length === 0 && now.length > 0 ? edge('connect') : had.length > 0 && now.length === 0 ? edge('disconnect') : null;
        const lane = l as LaneRecord | undefined;
        // an unchanged set (a presence update of a known resource) writes nothing
        const writes = now === had ? [] : [{ collection: LHC_OPERATOR_RESOURCES, id: bare, value: now.length === 0 ? undefined : { resources: now } }];
        const change: ResourceChange = now.length > had.length ? 'added' : now.length < had.length ? 'removed' : 'same';
        return cb === null
          ? { writes, result: { queued: false, before: lane, change } }
          : { writes: [...writes, { collection: LHC_OUTBOX, id: bare, value: append(lane, cb) }], result: { queued: true, before: lane, change } };
      });
      if (out.queued) await afterAppend(bare, out.before);
      return out.change;
    },
    async rearm() {
      let n = 0;
      let after: string | undefined;
      for (;;) {
        const page = await lanes.list({ limit: 500, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) return n;
        for (const [lane, rec] of page) {
          if (rec.items.length === 0) continue;
          await d.deadlines.schedule(LHC_CALLBACK_KIND, lane, d.now());
          n += 1;
        }
        after = page[page.length - 1]![0];
      }
    },
    dropped: () => dropped,
  };
}
