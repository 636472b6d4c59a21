/**
 * The room pool assembled: the pool service with its effect runner, the ejabberd rooms, the
 * hook follower, transcripts and their retention, the reservation deadlines, the bot and the
 * web app's desk. Built once by the composition root; the routes use `desk` and `config`.
 *
 * The hook follower listens from construction (before a cluster's hook stream is consumed):
 * room joins and leaves always (cheap, and a pool enabled at run time needs them), groupchat
 * messages only when the configuration enables the pool and its transcripts (the shim then
 * forwards every message). `start()` starts the bot: its first pass reconciles every record
 * with ejabberd's real rooms and occupants (on the one instance holding its lease).
 */
import type { HookBus } from '../../hooks/index.js';
import type { Clock } from '../clock/index.js';
import type { Leases } from '../cluster/index.js';
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { EventHub } from '../sse/index.js';
import type { Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { createEffectRunner, RESERVATION_KIND, type ReservationPayload } from './effect-runner.js';
import { followRoomHooks } from './hook-follower.js';
import { roomPoolConfig, type RoomPoolConfig } from './pool-config.js';
import { createRoomPoolDesk, type RoomPoolDesk } from './pool-desk.js';
import { createPoolRooms } from './pool-rooms.js';
import { createPoolService, type PoolService } from './pool-service.js';
import { BOT_LEASE, createRoomBot, type RoomBot } from './room-bot.js';
import { createTranscripts } from './transcripts.js';

/** The deadline kind of a closed room's transcript retention; id `<site>:<room>`. */
export const RETENTION_KIND = 'roompool-retention';

export interface RoomPoolRuntimeDeps {
  readonly config: Pick<Config, 'rooms' | 'xmpp'>;
  readonly store: Store;
  readonly clock: Clock;
  readonly backend: EjabberdBackend;
  readonly events: Pick<EventHub, 'publish' | 'subscribe'>;
  readonly deadlines: DeadlineScheduler;
  readonly hooks: Pick<HookBus, 'subscribe'>;
  /** Shared mode: the bot runs on the one instance holding its lease. */
  readonly leases: Leases | undefined;
  readonly log: Logger;
}

export interface RoomPoolRuntime {
  readonly config: RoomPoolConfig;
  readonly desk: RoomPoolDesk;
  readonly service: PoolService;
  readonly bot: RoomBot;
  /**
   * The instance running the bot now: its id (shared mode), null when no live instance holds
   * the lease, undefined without leases (this one instance runs it).
   */
  botHolder(): Promise<string | null | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRoomPoolRuntime(d: RoomPoolRuntimeDeps): RoomPoolRuntime {
  const config = roomPoolConfig(d.config);
  const { site } = config;
  const rooms = createPoolRooms({ backend: d.backend, mucService: config.mucService, botJid: config.botJid, botNick: config.botNick, site, persistent: config.persistent, groupMaxUsers: config.groupMaxUsers, log: d.log });
  const transcripts = config.transcripts ? createTranscripts(d.store, site) : undefined;
  let bot: RoomBot | undefined;
  const service = createPoolService({
    store: d.store,
    clock: d.clock,
    site,
    defaults: config.defaults,
    onEffects: createEffectRunner({ site, rooms, deadlines: d.deadlines, events: d.events, refill: () => bot?.refill(), log: d.log }),
  });
  bot = createRoomBot({
    service,
    rooms,
    clock: d.clock,
    leases: d.leases,
    botJid: config.botJid,
    passMs: config.passMs,
    log: d.log,
    async archived(records) {
      if (!transcripts || config.keepDays === 0) return;
      for (const a of records) await d.deadlines.schedule(RETENTION_KIND, `${site}:${a.room.name}`, a.archivedAt + config.keepDays * 86_400_000, a.room.name);
    },
  });

  d.deadlines.on<ReservationPayload>(RESERVATION_KIND, async (_id, p) => {
    if (p.site === site) await service.apply({ type: 'reservationLapsed', room: p.room, ticket: p.ticket });
  });
  d.deadlines.on<string>(RETENTION_KIND, async (id, room) => {
    if (id.startsWith(`${site}:`) && transcripts) await transcripts.expire(room, config.retention);
  });
  const unfollow = followRoomHooks({
    hooks: d.hooks,
    service,
    transcripts: d.config.rooms.enabled ? transcripts : undefined,
    site,
    mucService: config.mucService,
    botJid: config.botJid,
    log: d.log,
  });

  return {
    config,
    service,
    bot,
    desk: createRoomPoolDesk({ service, rooms, backend: d.backend, events: d.events, transcripts, domain: config.domain, maxWaitMs: config.maxWaitMs }),
    botHolder: async () => (d.leases ? ((await d.leases.holder(BOT_LEASE(site))) ?? null) : undefined),
    async start() {
      bot?.start();
    },
    async stop() {
      unfollow();
      await bot?.stop();
    },
  };
}
