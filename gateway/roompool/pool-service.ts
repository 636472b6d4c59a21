/**
 * The room pool kept in the store, and every step of its machine. One record per site in
 * collection `roompool` (the live rooms, the queue, the statistics and the settings the API
 * changed); closed rooms move to `roompoolHistory` (id `<site>:<room>`) when the bot archives
 * them, in the same write.
 *
 * Rules it keeps:
 * - Every change is the machine's `step` inside one atomic store write (update, or transact for
 *   the archive): the step is pure and may run several times (a concurrent writer here or on
 *   another instance); the effects kept are those of the run whose write won, handed to
 *   `onEffects` (awaited) only after the write resolved.
 * - Settings: the configuration's, under what the API changed (`overrides`, kept in the record),
 *   so a changed configuration applies at the next start unless the API set that field.
 * - Time comes from the injected clock, read once per call before the write.
 * - Trade-off: one record per site serialises the pool's steps (two instances retry on
 *   conflict). It holds only live rooms and waiting clients, which is what a helpdesk has at
 *   once (tens to hundreds), and makes matching one atomic step with no index to keep.
 */
import type { Clock } from '../clock/index.js';
import { KEEP, type Store } from '../store/index.js';
import { newPool, step, type Effect, type PoolEvent, type PoolSettings, type PoolState, type ResultOf, type RoomState } from './machine/index.js';

export const POOL_COLLECTION = 'roompool';
export const HISTORY_COLLECTION = 'roompoolHistory';

interface PoolRecord {
  readonly state: PoolState;
  readonly overrides: Partial<PoolSettings>;
}

export interface ArchivedRoom {
  readonly site: string;
  readonly archivedAt: number;
  readonly room: RoomState;
}

export interface Applied<R> {
  readonly result: R;
  readonly state: PoolState;
}

export interface PoolServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly site: string;
  /** The configuration's settings. */
  readonly defaults: PoolSettings;
  /** Receives the effects of every committed change, in order (awaited). */
  readonly onEffects: (effects: readonly Effect[]) => Promise<void> | void;
}

export interface PoolService {
  readonly site: string;
  now(): number;
  /** The pool now (a fresh one before the first write). */
  state(): Promise<PoolState>;
  /** One machine step; effects handed on after the write. */
  apply<E extends PoolEvent>(event: E): Promise<Applied<ResultOf<E>>>;
  /** Moves these destroyed rooms to the history in one write; the names moved. */
  archive(rooms: readonly string[]): Promise<string[]>;
  /** A closed room from the history. */
  archived(room: string): Promise<ArchivedRoom | undefined>;
  /** Closed rooms, by name, after the cursor. */
  history(after: string | undefined, limit: number): Promise<ArchivedRoom[]>;
}

export const historyId = (site: string, room: string): string => `${site}:${room}`;

export function createPoolService(o: PoolServiceOptions): PoolService {
  const records = o.store.collection<PoolRecord>(POOL_COLLECTION);
  const history = o.store.collection<ArchivedRoom>(HISTORY_COLLECTION);
  const current = (rec: PoolRecord | undefined): PoolState => {
    const settings = { ...o.defaults, ...(rec?.overrides ?? {}) };
    return rec ? { ...rec.state, settings } : newPool(o.site, settings);
  };
  const handOn = async (effects: readonly Effect[]): Promise<void> => {
    if (effects.length > 0) await o.onEffects(effects);
  };

  return {
    site: o.site,
    now: () => o.clock.now(),

    async state() {
      return current(await records.get(o.site));
    },

    async apply(event) {
      const now = o.clock.now();
      let effects: readonly Effect[] = [];
      let result: ResultOf<typeof event> | undefined;
      const stored = await records.update(o.site, (old) => {
        const before = current(old);
        const out = step(before, event, now);
        effects = out.effects;
        result = out.result;
        if (out.state === before) return KEEP;
        const overrides = event.type === 'settings' && out.result.kind === 'ok' ? { ...(old?.overrides ?? {}), ...event.patch } : (old?.overrides ?? {});
        return { state: out.state, overrides };
      });
      await handOn(effects);
      return { result: result as ResultOf<typeof event>, state: current(stored) };
    },

    async archive(rooms) {
      if (rooms.length === 0) return [];
      const now = o.clock.now();
      const keys = [{ collection: POOL_COLLECTION, id: o.site }, ...rooms.map((r) => ({ collection: HISTORY_COLLECTION, id: historyId(o.site, r) }))];
      let effects: readonly Effect[] = [];
      const moved = await o.store.transact(keys, ([rec]) => {
        const old = rec as PoolRecord | undefined;
        const before = current(old);
        const out = step(before, { type: 'archive', rooms }, now);
        effects = out.effects;
        if (!old || out.result.rooms.length === 0) return { writes: [], result: [] as string[] };
        const writes = [
          { collection: POOL_COLLECTION, id: o.site, value: { state: out.state, overrides: old.overrides } satisfies PoolRecord },
          ...out.result.rooms.map((name) => ({
            collection: HISTORY_COLLECTION,
            id: historyId(o.site, name),
            value: { site: o.site, archivedAt: now, room: before.rooms[name] as RoomState } satisfies ArchivedRoom,
          })),
        ];
        return { writes, result: [...out.result.rooms] };
      });
      await handOn(effects);
      return moved;
    },

    archived: (room) => history.get(historyId(o.site, room)),

    async history(after, limit) {
      const page = await history.list({ prefix: `${o.site}:`, ...(after ? { after: historyId(o.site, after) } : {}), limit });
      return page.map(([, v]) => v);
    },
  };
}
