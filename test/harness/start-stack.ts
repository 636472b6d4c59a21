/**
 * One ejabberd (with mod_ofgate when its source exists) and one ofgate wired to it. Used by
 * the e2e tests (shared world), `make run` and `make bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../gateway/config/index.js';
import { createGateway, type Gateway } from '../../gateway/gateway.js';
import { createLogger, silentLogger, type Logger } from '../../gateway/log/index.js';
import { shimAvailable, startEjabberd, type EjabberdInstance } from './ejabberd-instance.js';
import { freePort } from './free-port.js';

export interface Stack {
  readonly ej: EjabberdInstance;
  readonly gateway: Gateway;
  readonly config: Config;
  readonly url: string;
  readonly port: number;
  readonly secret: string;
  readonly hookSecret: string;
  readonly domain: string;
  readonly adminUser: string;
  readonly adminPassword: string;
  readonly shimLoaded: boolean;
  stop(): Promise<void>;
}

export interface StackOptions {
  port?: number;
  c2sPort?: number;
  secret?: string;
  adminPassword?: string;
  logLevel?: 'info' | 'warning';
  backend?: 'http-api' | 'xmlrpc';
  log?: Logger | 'stderr';
  /** Extra config overrides (dotted paths). */
  overrides?: Record<string, unknown>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const domain = 'localhost';
  const secret = opts.secret ?? randomBytes(18).toString('base64url');
  const hookSecret = randomBytes(18).toString('base64url');
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('base64url');
  const port = opts.port ?? (await freePort());
  const shimLoaded = shimAvailable();
  const ej = await startEjabberd({
    domain,
    logLevel: opts.logLevel ?? 'info',
    ...(opts.c2sPort ? { c2sPort: opts.c2sPort } : {}),
    shim: shimLoaded ? { url: `http://127.0.0.1:${port}/hooks/events`, secret: hookSecret } : undefined,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'ofgate-data-'));
  try {
    const reg = await fetch(`${ej.apiUrl}/register`, {
      method: 'POST',
      body: JSON.stringify({ user: 'admin', host: domain, password: adminPassword }),
    });
    if (!reg.ok) throw new Error(`cannot register admin: ${reg.status}`);
    const config = loadConfig({
      env: {},
      overrides: {
        'server.port': port,
        'xmpp.domain': domain,
        'xmpp.service': ej.xmppService,
        'ejabberd.backend': opts.backend ?? 'http-api',
        'ejabberd.httpApi.url': ej.apiUrl,
        'ejabberd.xmlrpc.url': ej.xmlrpcUrl,
        'ejabberd.shimLoaded': shimLoaded,
        'auth.secret': secret,
        'auth.admins': ['admin'],
        'hooks.secret': hookSecret,
        'store.dataDir': dataDir,
        // every test calls from 127.0.0.1: the login throttle would hold back unrelated tests (its own tests turn it on)
        'auth.loginThrottle.addressFailures': 0,
        'auth.loginThrottle.accountFailures': 0,
        ...opts.overrides,
      },
    });
    const log = opts.log === 'stderr' ? createLogger(config.log.level) : (opts.log ?? silentLogger);
    const gateway = await createGateway(config, { secret, hookSecret }, log);
    await gateway.listen(port);
    return {
      ej, gateway, config, port, secret, hookSecret, domain, adminPassword, shimLoaded,
      url: `http://127.0.0.1:${port}`,
      adminUser: 'admin',
      async stop() {
        await gateway.stop().catch(() => {});
        await ej.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await ej.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
