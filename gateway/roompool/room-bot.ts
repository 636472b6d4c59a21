/**
 * The room bot's housekeeping, on exactly one instance (a lease, in shared mode): every
 * cleanupMs / 10 (HelpIM's cadence; rooms.passSeconds sets another) one pass that
 * 1. reconciles every live room with ejabberd's real occupants (missed or unheard joins and
 *    leaves, rooms gone), which is also how ofgate catches up at start;
 * 2. destroys the site's rooms that exist in ejabberd without a live record, when a pass found
 *    them so twice in a row (a room made on demand is recorded a moment after it exists);
 * 3. closes the rooms past their state's time-out (tick);
 * 4. archives destroyed rooms, after making sure each is gone from ejabberd;
 * 5. tops the stock up to poolSize available rooms of each type in use (only those types).
 * Between passes, `refill()` (a staff member took a room) runs step 5 alone. Every instance
 * looks each second (CHECK_MS) whether the lease is free, and passes at once when the bot just
 * came to it (a takeover). Passes never overlap on one instance; a failing step is logged and
 * the pass goes on.
 */
import type { Clock } from '../clock/index.js';
import type { Leases } from '../cluster/index.js';
import type { Logger } from '../log/index.js';
import { isLive, stockOf, typesInUse, type RoomState } from './machine/index.js';
import { CLOSE_REASONS } from './machine/index.js';
import type { PoolRooms } from './pool-rooms.js';
import type { ArchivedRoom, PoolService } from './pool-service.js';

export interface RoomBotDeps {
  readonly service: PoolService;
  readonly rooms: PoolRooms;
  readonly clock: Clock;
  /** Shared mode: the bot runs where this lease is held. */
  readonly leases: Pick<Leases, 'acquire' | 'holds' | 'release'> | undefined;
  readonly botJid: string;
  /** Pass interval; 0: a tenth of the pool's cleanup time. */
  readonly passMs: number;
  /** Closed rooms moved to the history (retention starts). */
  readonly archived: (rooms: readonly ArchivedRoom[]) => Promise<void>;
  readonly log: Logger;
}

export interface RoomBot {
  start(): void;
  /** One whole pass now (tests, start-up); resolves when it is done. */
  pass(): Promise<void>;
  /** Tops the stock up soon (when this instance runs the bot). */
  refill(): void;
  stop(): Promise<void>;
}

export const MIN_PASS_MS = 100;
/** How often an instance looks whether the bot's lease is free or a pass is due. */
export const CHECK_MS = 1000;

/** The lease whose holder runs the bot (shared mode). */
export const BOT_LEASE = (site: string): string => `roompool:${site}`;

export function createRoomBot(d: RoomBotDeps): RoomBot {
  const lease = BOT_LEASE(d.service.site);
  let suspects = new Set<string>();
  let running: Promise<void> | undefined;
  let again: 'pass' | 'refill' | undefined;
  let cancelTimer: (() => void) | undefined;
  let stopped = true;
  let held = false;
  let lastPassAt = -Infinity;

  const mine = async (): Promise<boolean> => !d.leases || d.leases.holds(lease) || (await d.leases.acquire(lease));
  const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      d.log.warn(`room pool: ${what} failed`, { site: d.service.site, error: err as Error });
    }
  };
  const withoutBot = (occupants: Awaited<ReturnType<PoolRooms['occupants']>>) => occupants && occupants.filter((o) => (o.jid.split('/')[0] ?? '').toLowerCase() !== d.botJid);

  async function reconcile(room: RoomState): Promise<void> {
    const occupants = withoutBot(await d.rooms.occupants(room.name));
    await d.service.apply({ type: 'reconcile', room: room.name, occupants, seenSeq: room.seq });
  }

  async function orphans(live: ReadonlySet<string>): Promise<void> {
    const now = new Set((await d.rooms.owned()).filter((n) => !live.has(n)));
    for (const name of now) {
      if (!suspects.has(name)) continue;
      d.log.info('room pool: destroying a room of the site that has no record', { room: d.rooms.jidOf(name) });
      await d.rooms.destroy(name, CLOSE_REASONS.closed);
    }
    suspects = now;
  }

  async function archive(): Promise<void> {
    const destroyed = Object.values((await d.service.state()).rooms).filter((r) => r.status === 'destroyed');
    const gone: string[] = [];
    for (const r of destroyed) {
      await step('destroying a closed room', async () => {
        await d.rooms.destroy(r.name, r.closeReason ?? CLOSE_REASONS.closed);
        gone.push(r.name);
      });
    }
    const moved = await d.service.archive(gone);
    const records = (await Promise.all(moved.map((n) => d.service.archived(n)))).filter((a): a is ArchivedRoom => a !== undefined);
    if (records.length > 0) await d.archived(records);
  }

  async function refillStock(): Promise<void> {
    const state = await d.service.state();
    if (!state.settings.enabled) return;
    for (const type of typesInUse(state)) {
      for (let n = stockOf(state, type); n < state.settings.poolSize; n++) {
        const room = await d.rooms.create(type);
        await d.service.apply({ type: 'roomCreated', room });
      }
    }
  }

  async function fullPass(): Promise<void> {
    const state = await d.service.state();
    const live = Object.values(state.rooms).filter(isLive);
    if (!state.settings.enabled && Object.keys(state.rooms).length === 0) return; // off and nothing left to look after
    for (const r of live) await step(`reconciling ${r.name}`, () => reconcile(r));
    await step('looking for orphan rooms', async () => orphans(new Set(Object.keys((await d.service.state()).rooms))));
    await step('the cleanup tick', () => d.service.apply({ type: 'tick' }));
    await step('archiving closed rooms', archive);
    await step('refilling the pool', refillStock);
  }

  /** Runs `what` unless a run is on (then it runs once more after it). */
  function run(what: 'pass' | 'refill'): Promise<void> {
    if (running) {
      if (again !== 'pass') again = what;
      return running;
    }
    running = (async () => {
      if (!(await mine().catch(() => false))) return;
      if (what === 'pass') lastPassAt = d.clock.now();
      await (what === 'pass' ? fullPass() : step('refilling the pool', refillStock));
    })().finally(() => {
      running = undefined;
      const next = again;
      again = undefined;
      if (next && !stopped) void run(next);
    });
    return running;
  }

  const intervalMs = async (): Promise<number> => {
    const cleanupMs = (await d.service.state().catch(() => undefined))?.settings.cleanupMs ?? 600_000;
    return Math.max(MIN_PASS_MS, d.passMs > 0 ? d.passMs : Math.floor(cleanupMs / 10));
  };

  /** Takes the lease when it is free; a pass when one is due, or at once when the bot just came to this instance. */
  async function check(): Promise<void> {
    const ours = await mine().catch(() => false);
    const gained = ours && !held;
    held = ours;
    if (ours && (gained || d.clock.now() - lastPassAt >= (await intervalMs()))) await run('pass');
  }

  // checks at least every CHECK_MS: a takeover and a changed interval are seen within it
  const schedule = async (): Promise<void> => {
    const ms = Math.min(CHECK_MS, await intervalMs());
    if (stopped) return;
    cancelTimer = d.clock.after(ms, () => void check().finally(() => void schedule()));
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void check().finally(() => void schedule());
    },
    pass: () => run('pass'),
    refill() {
      if (!stopped) void run('refill');
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      await running;
      if (d.leases?.holds(lease)) await d.leases.release(lease).catch(() => false);
    },
  };
}
