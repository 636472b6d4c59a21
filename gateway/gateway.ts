/**
 * createGateway: builds every adapter and service from a validated config and returns the
 * app plus start/stop. main.ts (the process) and the test harness both use it, so tests run
 * the same composition as production.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAccounts } from './accounts/index.js';
import { createApp, type App } from './app.js';
import { createAuthenticator } from './auth/index.js';
import type { Config, Secrets } from './config/index.js';
import { createEjabberdBackend, type EjabberdBackend } from './ejabberd/index.js';
import type { Logger } from './log/index.js';
import { createMucAdmin } from './muc/index.js';
import { buildRoutes, type RouteServices } from './routes/index.js';
import { createLowdbStore, createMemoryStore, type Store } from './store/index.js';
import { createSystemProperties } from './system/index.js';
import { buildOpenApi } from '../swagger/build-openapi.js';
import { VERSION } from './version.js';

export interface Gateway {
  readonly app: App;
  readonly backend: EjabberdBackend;
  readonly store: Store;
  /** Listens on config.server (or the given port); resolves with the bound port. */
  listen(port?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function createGateway(config: Config, secrets: Secrets, log: Logger): Promise<Gateway> {
  const backend = createEjabberdBackend({
    kind: config.ejabberd.backend,
    host: config.xmpp.domain,
    httpApiUrl: config.ejabberd.httpApi.url,
    xmlrpcUrl: config.ejabberd.xmlrpc.url,
    timeoutMs: config.ejabberd.timeoutMs,
    ...(config.ejabberd.adminJid ? { adminJid: config.ejabberd.adminJid } : {}),
    ...(config.ejabberd.adminPassword ? { adminPassword: config.ejabberd.adminPassword } : {}),
  });
  const store = config.store.driver === 'memory' ? createMemoryStore() : await createLowdbStore(join(config.store.dataDir, 'state.json'));

  const services: RouteServices = {
    config,
    secret: secrets.secret,
    backend,
    store,
    log,
    systemProperties: createSystemProperties(store),
    accounts: createAccounts({ backend, store, config, log }),
    muc: createMucAdmin({ backend, store, config, log }),
    async health() {
      try {
        await backend.status();
        return { ejabberd: true, detail: 'ejabberd answers' };
      } catch (err) {
        return { ejabberd: false, detail: (err as Error).message };
      }
    },
  };
  const routes = buildRoutes(services);
  const authenticate = createAuthenticator({
    secret: secrets.secret,
    admins: config.auth.admins,
    domain: config.xmpp.domain,
    cacheSeconds: config.auth.credentialCacheSeconds,
    checkPassword: (user, password) => backend.checkPassword(user, password),
  });
  const app = createApp({
    routes,
    authenticate,
    openapi: buildOpenApi(routes, VERSION),
    log,
    realm: config.auth.realm,
    corsOrigin: config.server.corsOrigin,
    bodyLimitBytes: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
  });

  let server: Server | undefined;
  return {
    app,
    backend,
    store,
    listen(port = config.server.port) {
      return new Promise((resolve, reject) => {
        const srv = app.express.listen(port, config.server.host, () => {
          const addr = srv.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
        srv.once('error', reject);
        server = srv;
      });
    },
    async stop() {
      if (server) {
        const srv = server;
        await new Promise<void>((resolve) => {
          srv.close(() => resolve());
          srv.closeAllConnections();
        });
      }
      await store.close();
    },
  };
}
