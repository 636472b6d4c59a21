/**
 * The LHC bridge assembled: settings, the node-server API (input reader, actions over the
 * ejabberd backend per host, visitor streams, visitor account records) and the account sweep.
 * The callbacks: the hook followers (operator-events.ts) listen from construction when
 * lhc.enabled (before a cluster's hook stream is consumed) and queue into the durable outbox;
 * the delivery is the `lhc-callback` deadline's handler (one instance per lane at a time); each
 * operator session is pinged by the `lhc-ping` deadline's handler (operator-pinger.ts).
 * Built once by the composition root; the routes use `settings` and `call`.
 *
 * Start-up (every instance, idempotent): every lane with callbacks gets its deadline again;
 * the sweep runs once and then every hour (or every tenth of the account lifetime, whichever is
 * shorter). Stop closes every visitor stream and stops listening.
 */
import type { Clock } from '../clock/index.js';
import type { Config } from '../config/index.js';
import { hostBackends, type EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { HookBus } from '../../hooks/index.js';
import type { Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { createBridgedRooms } from './bridged-rooms.js';
import { createCallbackDelivery, type DeliveryStats } from './callback-delivery.js';
import { createCallbackOutbox } from './callback-outbox.js';
import { createOperatorDirectory } from './operator-directory.js';
import { followOperatorEvents } from './operator-events.js';
import { createOperatorPinger } from './operator-pinger.js';
import { lhcSettings, type LhcSettings } from './lhc-settings.js';
import { createNodeApi, type NodeApiReply } from './node-api.js';
import { createNodeApiActions } from './node-api-actions.js';
import type { LhcRoute } from './node-api-input.js';
import { createVisitorAccounts } from './visitor-accounts.js';
import { createVisitorStreams } from './visitor-streams.js';

export interface LhcRuntimeDeps {
  readonly config: Pick<Config, 'lhc' | 'ejabberd' | 'xmpp'>;
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly clock: Clock;
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly deadlines: Pick<DeadlineScheduler, 'schedule' | 'cancel' | 'on'>;
  /** The shared secret: the default of lhc.secretKey and lhc.callbackSecret. */
  readonly secret: string;
  readonly log: Logger;
}

export interface LhcRuntime {
  readonly settings: LhcSettings;
  call(route: LhcRoute, text: string): Promise<NodeApiReply>;
  /** Visitor messages that could not be sent (logged each). */
  failedVisitorSends(): number;
  sweepAccounts(): Promise<number>;
  /** Callbacks delivered, failed tries, dropped (past the age limit or a full lane). */
  callbackStats(): DeliveryStats;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createLhcRuntime(d: LhcRuntimeDeps): LhcRuntime {
  const settings = lhcSettings(d.config.lhc, d.config.xmpp.domain, d.secret);
  const backendOf = hostBackends(d.config, d.backend);
  const streams = createVisitorStreams({
    service: d.config.xmpp.service,
    tls: d.config.xmpp.tls,
    backendOf,
    connectTimeoutMs: d.config.xmpp.connectTimeoutMs,
    tokenTtlSeconds: d.config.xmpp.tokenTtlSeconds,
    idleMs: settings.visitorIdleMs,
    sendWaitMs: settings.sendWaitMs,
    log: d.log,
  });
  const accounts = createVisitorAccounts({ store: d.store, now: () => d.clock.now(), maxIdleMs: settings.visitorAccountMs, backendOf, log: d.log });
  let sweeper: NodeJS.Timeout | undefined;
  const now = (): number => d.clock.now();
  const operators = createOperatorDirectory({ settings, backendOf, now, log: d.log });
  const call = createNodeApi({ settings, actions: createNodeApiActions({ backendOf, streams, accounts, log: d.log, groupChanged: (g, h) => operators.forget(g, h) }), log: d.log });
  const outbox = createCallbackOutbox({ store: d.store, deadlines: d.deadlines, now, log: d.log });
  const delivery = createCallbackDelivery({ store: d.store, deadlines: d.deadlines, settings, now, log: d.log });
  const pinger = createOperatorPinger({
    settings, backend: d.backend, backendOf, deadlines: d.deadlines, outbox, service: d.config.xmpp.service, tls: d.config.xmpp.tls,
    connectTimeoutMs: d.config.xmpp.connectTimeoutMs, tokenTtlSeconds: d.config.xmpp.tokenTtlSeconds, now, log: d.log,
  });
  const rooms = createBridgedRooms({ backend: d.backend, now, log: d.log });
  const stopFollowing = settings.enabled
    ? followOperatorEvents({ hooks: d.hooks, settings, operators, rooms, outbox, pinger, now, log: d.log })
    : () => undefined;

  const sweep = async (): Promise<number> => {
    try {
      return await accounts.sweep();
    } catch (error) {
      d.log.warn('lhc: the visitor account sweep failed (next one retries)', { error: (error as Error).message });
      return 0;
    }
  };

  return {
    settings,
    call,
    failedVisitorSends: () => streams.failedSends(),
    sweepAccounts: sweep,
    callbackStats: () => ({ ...delivery, dropped: delivery.dropped + outbox.dropped() }),
    async start() {
      if (!settings.enabled || sweeper) return;
      await outbox.rearm();
      await sweep();
      sweeper = setInterval(() => void sweep(), Math.min(3_600_000, Math.max(60_000, settings.visitorAccountMs / 10)));
      sweeper.unref();
    },
    async stop() {
      stopFollowing();
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      await streams.close();
      await pinger.close();
    },
  };
}
