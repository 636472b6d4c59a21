/**
 * createGateway: builds every adapter and service from a validated config and returns the
 * app plus start/stop. main.ts (the process) and the test harness both use it, so tests run
 * the same composition as production.
 */
import type { Server } from 'node:http';
import { createAccounts } from './accounts/index.js';
import { createApp, type App } from './app.js';
import { createExpressServer } from './http/index.js';
import { createAuthenticator, createCredentialStamps, createLoginThrottle, CREDENTIAL_STAMPS, dropCredentialsOnChange, LOGIN_FAILURES } from './auth/index.js';
import { createChatService } from './chat/index.js';
import type { Config, Secrets } from './config/index.js';
import { createEjabberdBackend } from './ejabberd/index.js';
import type { Logger } from './log/index.js';
import { createMucAdmin } from './muc/index.js';
import { createSessionsAdmin } from './sessions/index.js';
import { createEventHub } from './sse/index.js';
import { createSessionPool, newStreamId } from './xmpp/index.js';
import { createFastpathRuntime, createSupportRooms, visitorRoomEvents, type FastpathRuntime } from './fastpath/index.js';
import { createClickToChatRuntime } from './clicktochat/index.js';
import { createRoomPoolRuntime } from './roompool/index.js';
import { createLhcRuntime, type LhcRuntime } from './lhc/index.js';
import { createPagesRouter, defaultPagesDir } from './pages/index.js';
import { createPresenceView, createStorePresenceStorage, PRESENCE_EVENT_KINDS, seedPresence, type PresenceView } from './presence/index.js';
import { buildRoutes, clickToChatPreflight, CLICKTOCHAT_BASE, type RouteServices } from './routes/index.js';
import { systemClock } from './clock/index.js';
import { parseUserJid } from './jid/index.js';
import { createStore } from './store/index.js';
import { createRateLimiter } from './rate-limit/index.js';
import { createDeadlineScheduler, type DeadlineScheduler } from './timers/index.js';
import { buildInstanceParts } from './instance-parts.js';
import { buildOfchatTailServices } from './ofchat-tail-services.js';
import { createStreamRouting } from './cluster/index.js';
import { createStoreArchiveMarks, createStoreMembershipStore } from './chat/index.js';
import { createSystemProperties } from './system/index.js';
import { announceInterest, createHookBus, createHookLedger, createHookReceiver, type HookBus, type InterestAnnouncer } from '../hooks/index.js';
import { buildOpenApi } from '../swagger/build-openapi.js';
import { VERSION } from './version.js';
import { accessLog, createMetrics, createReadiness, timedBackend } from './observability/index.js';

export interface Gateway {
  readonly app: App;
  /** The online view fed by mod_ofgate's hook events. */
  readonly presence: PresenceView;
  /** mod_ofgate's events, for the concerns that read them (and what the shim is told to forward). */
  readonly hooks: HookBus;
  /** One-shot deadlines kept in the store, re-armed at start, each fired on one instance (Fastpath timers and the like). */
  readonly deadlines: DeadlineScheduler;
  /** The LHC bridge (its counters: callbacks, failed visitor sends). */
  readonly lhc: LhcRuntime;
  /** Listens on config.server (or the given port); resolves with the bound port. */
  listen(port?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function createGateway(config: Config, secrets: Secrets, log: Logger): Promise<Gateway> {
  // Sources read at scrape time (the pool and the hub are made below).
  const metrics = createMetrics({ streams: () => sessionPool.stats(), sse: () => events.stats() });
  const store = await createStore(config, { log });
  // a lock, a deletion or a password change made through the backend voids cached credentials on every instance
  const credentialStamps = createCredentialStamps(store.collection(CREDENTIAL_STAMPS), (config.auth.credentialCacheSeconds + 5) * 1000);
  const backend = dropCredentialsOnChange(timedBackend(createEjabberdBackend({
    kind: config.ejabberd.backend,
    host: config.xmpp.domain,
    httpApiUrl: config.ejabberd.httpApi.url,
    xmlrpcUrl: config.ejabberd.xmlrpc.url,
    timeoutMs: config.ejabberd.timeoutMs,
    ...(config.ejabberd.adminJid ? { adminJid: config.ejabberd.adminJid } : {}),
    ...(config.ejabberd.adminPassword ? { adminPassword: config.ejabberd.adminPassword } : {}),
  }), metrics), credentialStamps);
  const parts = await buildInstanceParts(config, store, log);
  const { eventLog, shared, streamLeases } = parts;

  const readiness = createReadiness({ backend, store, service: config.xmpp.service, domain: config.xmpp.domain, shimLoaded: config.ejabberd.shimLoaded, now: () => Date.now(), log, hookSilenceMs: config.hooks.readinessSilenceSeconds * 1000 });
  const hookBus = createHookBus({
    onError: (error, event) => log.warn('hook subscriber failed', { error: error as Error, event: event.event }),
    onPublish: (event) => {
      metrics.hookEvent(event.event, (Date.now() - event.ts) / 1000);
      readiness.hookSeen();
    },
  });
  const presence = createPresenceView({
    onListenerError: (error) => log.warn('presence listener failed', { error: error as Error }),
    // shared mode: one view for every instance, in the store
    ...(shared ? { storage: createStorePresenceStorage(store) } : {}),
  });
  presence.attach(hookBus);
  // the kinds the online view reads: the ledger never widens what the shim forwards
  const hookLedger = createHookLedger(hookBus, PRESENCE_EVENT_KINDS);
  // an account removed outside ofgate (ejabberdctl, in-band) loses its cached credentials too (the online view reads user_removed already)
  hookBus.subscribe('user_removed', async (e) => {
    const who = parseUserJid(e.jid, config.xmpp.domain);
    if (who && who.domain === config.xmpp.domain) await credentialStamps.drop(who.local);
  });
  if (config.hooks.logEvents) hookBus.subscribeAll((e) => log.debug('hook event', { event: e.event, id: e.id }));

  const events = createEventHub({
    log: eventLog,
    maxBufferedBytes: config.sse.maxBufferedBytes,
    slowClientSeconds: config.sse.slowClientSeconds,
    heartbeatSeconds: config.sse.heartbeatSeconds,
    stanzaCopies: config.sse.stanzaCopies,
    logger: log,
  });
  const sessionPool = createSessionPool({
    service: config.xmpp.service,
    domain: config.xmpp.domain,
    tls: config.xmpp.tls,
    maxStanzaBytes: config.server.stanzaMaxBytes,
    backend,
    tokenTtlSeconds: config.xmpp.tokenTtlSeconds,
    connectTimeoutMs: config.xmpp.connectTimeoutMs,
    reconnectMaxConcurrent: config.xmpp.reconnectMaxConcurrent,
    reconnectBaseMs: config.xmpp.reconnectBaseMs,
    reconnectMaxMs: config.xmpp.reconnectMaxMs,
    log,
    // recorded streams (embedded, shared): ids name the instance holding them; memberships are restored by a takeover
    ...(streamLeases ? { newStreamId: () => `${parts.instanceId}.${newStreamId()}`, membershipStore: createStoreMembershipStore(store), archiveMarks: createStoreArchiveMarks(store) } : {}),
  });
  // streams recorded in the store: reopened by another instance (shared) or at the next start (embedded)
  const routing = streamLeases
    ? createStreamRouting({
      store,
      leases: streamLeases,
      registry: { urlOf: async (id) => shared?.registry.urlOf(id) },
      instanceId: parts.instanceId,
      secret: secrets.hookSecret,
      forwardTimeoutMs: config.xmpp.connectTimeoutMs + 5000,
      log,
      openHere: sessionPool,
      reopen: (username, streamId) => chat.reopen(username, streamId),
      relinquish: (username) => chat.relinquish(username),
    })
    : undefined;
  const deadlines = createDeadlineScheduler({ store, clock: systemClock, instanceId: parts.instanceId, log });
  const chat = createChatService({
    pool: sessionPool,
    backend,
    store,
    events,
    log,
    settings: { domain: config.xmpp.domain, mucSubdomain: config.xmpp.mucSubdomain, waitMs: config.xmpp.connectTimeoutMs, stanzaMaxBytes: config.server.stanzaMaxBytes },
    idleStreamSeconds: config.xmpp.idleStreamSeconds,
    ownership: routing,
    extraEvents: visitorRoomEvents,
  });

  // a lapsed heartbeat: another instance may take these streams over, so close ours
  shared?.onLeasesLost((names) => {
    for (const name of names) {
      if (!name.startsWith('stream:')) continue;
      const username = name.slice('stream:'.length);
      chat.relinquish(username).catch((err: unknown) => log.warn('cluster: cannot close a stream whose lease was lost', { username, error: err as Error }));
    }
  });

  const mucService = `${config.xmpp.mucSubdomain}.${config.xmpp.domain}`;
  const fastpath: FastpathRuntime = createFastpathRuntime({
    store,
    clock: systemClock,
    backend,
    events,
    deadlines,
    presence,
    hooks: hookBus,
    rooms: createSupportRooms({ backend, domain: config.xmpp.domain, mucService, log }),
    chat,
    domain: config.xmpp.domain,
    mucService,
    secret: secrets.secret,
    defaults: {
      offerTimeoutMs: config.fastpath.offerTimeoutSeconds * 1000,
      rejectionTimeoutMs: config.fastpath.rejectionTimeoutSeconds * 1000,
      requestTimeoutMs: config.fastpath.requestTimeoutSeconds * 1000,
      maxChatsPerAgent: config.fastpath.maxChatsPerAgent,
      awayGetsOffers: config.fastpath.awayGetsOffers,
    },
    graceMs: config.fastpath.visitorGraceSeconds * 1000,
    chatRecordKeepMs: config.fastpath.chatRecordDays * 86_400_000,
    log,
  });
  const clicktochat = createClickToChatRuntime({ config, backend, store, clock: systemClock, presence, hooks: hookBus, events, deadlines, shared: !!shared, log });
  const roompool = createRoomPoolRuntime({ config, store, clock: systemClock, backend, events, deadlines, hooks: hookBus, leases: shared?.leases, log });
  const lhc = createLhcRuntime({ config, backend, store, clock: systemClock, hooks: hookBus, deadlines, secret: secrets.secret, log });

  const authenticate = createAuthenticator({
    secret: secrets.secret,
    admins: config.auth.admins,
    domain: config.xmpp.domain,
    cacheSeconds: config.auth.credentialCacheSeconds,
    checkPassword: (user, password) => backend.checkPassword(user, password),
    ...(config.ejabberd.shimLoaded ? { isLocked: (user: string) => backend.isLocked(user) } : {}),
    stamps: credentialStamps,
    throttle: createLoginThrottle({ records: store.collection(LOGIN_FAILURES), settings: config.auth.loginThrottle, log }),
  });

  const services: RouteServices = {
    config,
    secret: secrets.secret,
    backend,
    store,
    log,
    systemProperties: createSystemProperties(store),
    accounts: createAccounts({ backend, store, config, log, streams: sessionPool }),
    muc: createMucAdmin({ backend, store, config, log }),
    sessions: createSessionsAdmin({
      backend,
      domain: config.xmpp.domain,
      // ofchat sends notifications from admin@{domain}
      adminUser: parseUserJid(config.auth.admins[0] ?? 'admin', config.xmpp.domain)?.local ?? 'admin',
      stanzaMaxBytes: config.server.stanzaMaxBytes,
      log,
    }),
    hookBus,
    presence,
    hookLedger,
    instanceId: parts.instanceId,
    authenticate,
    events,
    chat,
    workgroups: fastpath.workgroups,
    fastpath,
    clicktochat,
    roompool,
    lhc,
    rateLimiter: createRateLimiter({ store, clock: systemClock, log }),
    ...buildOfchatTailServices({ config, store, backend, log }),
    metrics,
    readiness,
    async health() {
      try {
        await backend.status();
        return { ejabberd: true, detail: 'ejabberd answers' };
      } catch (err) {
        return { ejabberd: false, detail: (err as Error).message };
      }
    },
  };
  const routes = buildRoutes(services, () => openapi); // the document is also served under the API base paths
  const openapi = buildOpenApi(routes, VERSION);

  const app = createApp({
    routes,
    authenticate,
    openapi,
    log,
    realm: config.auth.realm,
    corsOrigin: config.server.corsOrigin,
    bodyLimitBytes: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    observe: accessLog({ log, metrics, enabled: config.log.access }),
    preCors: [{ path: CLICKTOCHAT_BASE, handler: clickToChatPreflight(clicktochat.settings) }],
    ...(shared ? { instanceId: parts.instanceId } : {}),
    ...(routing ? { streamGate: (kind, value, req, res) => routing.gate(kind, value, req, res) } : {}),
    // Before any body parser: the receiver checks the HMAC over the raw body.
    extraRouters: [
      { path: '/', router: createHookReceiver({ secret: secrets.hookSecret, bus: hookBus, dedupWindow: config.hooks.dedupWindow, log, ...(shared ? { intake: shared.hookIntake } : {}) }) },
      // the visitor widget and the agent console (built into dist/web)
      ...(config.pages.enabled ? [{ path: '/', router: createPagesRouter({ dir: config.pages.dir ?? defaultPagesDir(), log }) }] : []),
    ],
  });

  let server: Server | undefined;
  let interest: InterestAnnouncer | undefined;
  let stopSweeping: (() => void) | undefined;
  return {
    app,
    presence,
    hooks: hookBus,
    deadlines,
    lhc,
    async listen(port = config.server.port) {
      try {
        log.info('online view seeded from ejabberd', { sessions: await seedPresence(presence, backend) });
      } catch (error) {
        log.warn('could not seed the online view (ejabberd unreachable?); hook events will fill it', { error: error as Error });
      }
      // mod_ofgate then builds and posts only the events somebody here reads; its posts' answers
      // say it too (hooks/receiver.ts), this covers kinds no post would bring.
      if (config.ejabberd.shimLoaded) {
        interest ??= announceInterest(hookBus, (events, selectors) => backend.setHookInterest(events, selectors), { log });
        await interest.first;
      }
      const bound = await new Promise<number>((resolve, reject) => {
        // Express's app on a server whose requests already have its prototypes (express-server.ts)
        const srv = createExpressServer(app.express);
        const failed = (error: Error): void => reject(listenError(config.server.host, port, error));
        srv.once('error', failed);
        srv.listen(port, config.server.host, () => {
          srv.off('error', failed);
          const addr = srv.address();
          if (typeof addr !== 'object' || addr === null) {
            reject(listenError(config.server.host, port, undefined));
            return;
          }
          resolve(addr.port);
        });
        server = srv;
      });
      await parts.start(bound);
      await shared?.startHookConsumer(hookBus); // after every subscriber of the bus exists, and the seed
      stopSweeping ??= routing?.startSweeping(systemClock, config.cluster.leaseSeconds * 1000);
      await fastpath.start(); // timers re-armed from the workgroups' state, routing run once
      await roompool.start(); // the bot's first pass reconciles the rooms with ejabberd (on the instance holding its lease)
      await clicktochat.start(); // helpdesk presence seeded (one instance), pairs reconciled, client checks re-armed
      await lhc.start(); // callback lanes re-armed, visitor account sweep
      await deadlines.start(); // re-arms what the store holds
      return bound;
    },
    async stop() {
      if (server) {
        const srv = server;
        await new Promise<void>((resolve) => {
          srv.close(() => resolve());
          srv.closeAllConnections();
        });
      }
      interest?.stop();
      stopSweeping?.();
      fastpath.stop();
      await roompool.stop();
      clicktochat.stop();
      await lhc.stop();
      deadlines.stop();
      chat.stop();
      await sessionPool.stop();
      events.stop();
      await parts.close();
      await store.close();
    },
  };
}

/** A bind failure, said so that an operator knows what to change. */
function listenError(host: string, port: number, error: Error | undefined): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'EADDRINUSE' ? 'the port is taken (Openfire, or another ofgate, still running?): stop it or set server.port'
    : code === 'EACCES' ? 'permission denied (ports under 1024 need privileges): set server.port'
    : code === 'EADDRNOTAVAIL' ? 'no such address on this machine: set server.host'
    : (error?.message ?? 'the server did not bind');
  return new Error(`cannot listen on ${host}:${port}: ${why}`);
}
