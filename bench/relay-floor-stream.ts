/**
 * One user's XMPP stream in the relay floor server (relay-floor-server.ts): a plain @xmpp/client
 * opened the way gateway/xmpp/user-stream.ts opens a password login, and nothing more:
 * - PLAIN over the loopback c2s (what sasl-choice.ts picks there);
 * - resource `ofgate-<8 hex>`, XEP-0198 on as @xmpp/client ships it (ack request debounce
 *   250 ms, the value unconfirmed-messages.ts keeps), @xmpp/reconnect stopped;
 * - initial presence, so messages to the bare JID reach this resource;
 * - every inbound <message> goes to `onMessage` (one middleware, as user-stream.ts has).
 * `lean` adds ofgate's two library-level savings by importing ofgate's own modules (no copy):
 * the JID escaping fast path (jid-escape-fast-path.ts, installed on import) and one socket
 * write per turn (coalesce-writes.ts) on inbound elements and sends.
 * Errors after stop (ejabberd-23.01.md pitfall 18) are swallowed: this is a bench process.
 */
import { randomBytes } from 'node:crypto';
import { client as createXmppClient, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { coalesceWrites } from '../gateway/xmpp/coalesce-writes.js';

export interface FloorStreamOptions {
  readonly service: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly lean: boolean;
  onMessage(el: Element): void;
}

export interface FloorStream {
  /** The bound full JID. */
  readonly jid: string;
  isOnline(): boolean;
  send(el: Element): Promise<void>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 3000;

let leanInstalled: Promise<unknown> | undefined;

/** Installs ofgate's JID escaping fast path (once per process). */
export function installLean(): Promise<unknown> {
  leanInstalled ??= import('../gateway/xmpp/jid-escape-fast-path.js');
  return leanInstalled;
}

export async function openFloorStream(o: FloorStreamOptions): Promise<FloorStream> {
  if (o.lean) await installLean();
  const client: Client = createXmppClient({
    service: o.service,
    domain: o.domain,
    resource: `ofgate-${randomBytes(4).toString('hex')}`,
    credentials: (authenticate) => authenticate({ username: o.username, password: o.password }, 'PLAIN'),
    timeout: 5000,
  });
  client.on('error', () => {});
  client.reconnect.stop();
  client.middleware.use((ctx, next) => {
    if (o.lean) coalesceWrites(client);
    if (ctx.stanza.name === 'message') o.onMessage(ctx.stanza);
    return next();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the stream of ${o.username} did not open in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    await stop(client);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  await client.send(xml('presence'));
  let closed = false;
  return {
    get jid() {
      return client.jid?.toString() ?? '';
    },
    isOnline: () => !closed && client.status === 'online',
    async send(el) {
      if (o.lean) coalesceWrites(client);
      await client.send(el);
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop(client);
    },
  };
}

async function stop(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.stop().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
}
