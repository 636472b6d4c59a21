/**
 * The stack the fault tests break: one restartable ejabberd (with mod_ofgate) and one ofgate in
 * this process, as start-stack.ts wires them, plus optional fault proxies on the two HTTP paths
 * between them:
 * - `apiProxy`: ofgate reaches ejabberd's API (mod_http_api and XML-RPC) through a proxy;
 * - `hookProxy`: mod_ofgate posts its hook batches to ofgate through a proxy.
 * XMPP streams go straight to ejabberd's c2s port. The result is a Stack (the chat kits work on
 * it) whose `ej` can be SIGKILLed and started again on the same spool and ports.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../gateway/config/index.js';
import { createGateway } from '../../gateway/gateway.js';
import { createLogger, silentLogger } from '../../gateway/log/index.js';
import type { ShimConfig } from './ejabberd-config.js';
import { shimAvailable } from './ejabberd-instance.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { freePort } from './free-port.js';
import { startRestartableEjabberd, type RestartableEjabberd } from './restartable-ejabberd.js';
import type { Stack } from './start-stack.js';

export interface FaultStack extends Stack {
  readonly ej: RestartableEjabberd;
  readonly apiProxy: FaultProxy | undefined;
  readonly hookProxy: FaultProxy | undefined;
}

export interface FaultStackOptions {
  apiProxy?: boolean;
  hookProxy?: boolean;
  /** mod_ofgate options beyond url and secret (retry bounds, queue size). */
  shim?: Omit<ShimConfig, 'url' | 'secret'>;
  /** Dotted config overrides for ofgate. */
  overrides?: Record<string, unknown>;
}

export async function startFaultStack(opts: FaultStackOptions = {}): Promise<FaultStack> {
  const domain = 'localhost';
  const secret = randomBytes(18).toString('base64url');
  const hookSecret = randomBytes(18).toString('base64url');
  const adminPassword = randomBytes(12).toString('base64url');
  const port = await freePort();
  const shimLoaded = shimAvailable();
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const hookProxy = opts.hookProxy ? await startFaultProxy({ port }) : undefined;
    if (hookProxy) cleanups.push(() => hookProxy.close());
    const hookBase = hookProxy ? hookProxy.url : `http://127.0.0.1:${port}`;
    const ej = await startRestartableEjabberd({
      domain,
      shim: shimLoaded ? { url: `${hookBase}/hooks/events`, secret: hookSecret, ...opts.shim } : undefined,
    });
    cleanups.push(() => ej.stop());
    const apiProxy = opts.apiProxy ? await startFaultProxy({ port: ej.httpPort }) : undefined;
    if (apiProxy) cleanups.push(() => apiProxy.close());
    const apiBase = apiProxy ? apiProxy.url : `http://127.0.0.1:${ej.httpPort}`;
    const reg = await fetch(`${ej.apiUrl}/register`, { method: 'POST', body: JSON.stringify({ user: 'admin', host: domain, password: adminPassword }) });
    if (!reg.ok) throw new Error(`cannot register admin: ${reg.status}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'ofgate-data-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      env: {},
      overrides: {
        'server.port': port,
        'xmpp.domain': domain,
        'xmpp.service': ej.xmppService,
        'ejabberd.backend': 'http-api',
        'ejabberd.httpApi.url': `${apiBase}/api`,
        'ejabberd.xmlrpc.url': `${apiBase}/xmlrpc`,
        'ejabberd.shimLoaded': shimLoaded,
        'auth.secret': secret,
        'auth.admins': ['admin'],
        'hooks.secret': hookSecret,
        'store.dataDir': dataDir,
        'auth.loginThrottle.addressFailures': 0,
        'auth.loginThrottle.accountFailures': 0,
        ...opts.overrides,
      },
    });
    // OFGATE_FAULT_LOG=debug|info|warn: ofgate's log on stderr while a fault test runs
    const level = process.env.OFGATE_FAULT_LOG;
    const log = level === 'debug' || level === 'info' || level === 'warn' ? createLogger(level) : silentLogger;
    const gateway = await createGateway(config, { secret, hookSecret }, log);
    cleanups.push(() => gateway.stop());
    await gateway.listen(port);
    return {
      ej, gateway, config, port, secret, hookSecret, domain, adminPassword, shimLoaded, apiProxy, hookProxy,
      url: `http://127.0.0.1:${port}`,
      adminUser: 'admin',
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
