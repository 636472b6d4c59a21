/**
 * Another ofgate in this process on the shared world's ejabberd (worldConfig, its own memory
 * store, then these dotted settings) for e2e files that need their own settings and state (the
 * click-to-chat and room-pool files): fed with the world's hook events of the kinds named, since
 * the shim posts to the world's ofgate and its bus hands those on here. `beforeListen` runs with
 * the relays up; if it or listening fails, the relays are taken off and the gateway stopped.
 * `stop` takes the relays off before stopping the gateway.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../gateway/config/index.js';
import { createGateway, type Gateway } from '../../gateway/gateway.js';
import { silentLogger } from '../../gateway/log/index.js';
import type { HookEventName } from '../../hooks/index.js';
import type { Stack } from './start-stack.js';
import { worldConfig } from './world-config.js';

export interface WorldGateway {
  readonly url: string;
  readonly gateway: Gateway;
  stop(): Promise<void>;
}

export interface WorldGatewayOptions {
  /** The world's hook events handed on to this gateway. */
  readonly relayed: readonly HookEventName[];
  /** Dotted config paths over worldConfig and the memory store. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly beforeListen?: () => Promise<void>;
}

export async function startWorldGateway(w: Stack, opts: WorldGatewayOptions): Promise<WorldGateway> {
  const config = loadConfig({ env: {}, overrides: { ...worldConfig(w), 'store.backend': 'memory', ...opts.overrides } });
  const gateway = await createGateway(config, { secret: w.secret, hookSecret: randomBytes(12).toString('hex') }, silentLogger);
  const relays = opts.relayed.map((kind) => w.gateway.hooks.subscribe(kind, (e) => gateway.hooks.publish(e)));
  try {
    await opts.beforeListen?.();
    const port = await gateway.listen(0);
    return {
      url: `http://127.0.0.1:${port}`,
      gateway,
      async stop() {
        relays.forEach((off) => off());
        await gateway.stop();
      },
    };
  } catch (err) {
    relays.forEach((off) => off());
    await gateway.stop().catch(() => undefined);
    throw err;
  }
}
