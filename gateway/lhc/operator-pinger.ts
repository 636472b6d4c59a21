/**
 * mod_lhcping's job, fixed: each operator session (full JID) gets a durable deadline (kind
 * `lhc-ping`) every lhc.pingIntervalSeconds; the instance that fires it sends a XEP-0199 ping
 * from ofgate's own pinger account and only after the pong queues `{"action":"ping","user":
 * "<full JID>"}` on the operator's lane (the original reported before the answer).
 *
 * Rules it keeps:
 * - A session that is gone, or does not answer within lhc.pingTimeoutSeconds, is taken out of the
 *   operator's resources (disconnect after the last, through the outbox); with
 *   lhc.killUnresponsive an unresponsive session is also closed in ejabberd.
 * - When ofgate's own pinger stream is not available, the ping is tried again next interval;
 *   nothing is reported either way.
 * - The pinger account (PINGER_USER on xmpp.domain) is made at first use with a random
 *   password nobody keeps; its stream opens password-less (admin-issued token).
 */
import type { StreamTls } from '../xmpp/index.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { isGatewayError } from '../errors/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { el, renderXml } from '../xml/index.js';
import { openUserStream, parseStanzaText, type UserStream } from '../xmpp/index.js';
import { callbackUrl, pingBody, statusBody, type Callback } from './callback-shapes.js';
import type { CallbackOutbox } from './callback-outbox.js';
import type { LhcSettings } from './lhc-settings.js';
import { pingOutcome } from './ping-answer.js';

export const LHC_PING_KIND = 'lhc-ping';
export const PINGER_USER = 'ofgate-lhc-pinger';

export interface OperatorPinger {
  track(fullJid: string): Promise<void>;
  untrack(fullJid: string): Promise<void>;
  close(): Promise<void>;
}

export function createOperatorPinger(d: {
  settings: LhcSettings;
  backend: EjabberdBackend;
  backendOf: (host: string) => EjabberdBackend;
  deadlines: Pick<DeadlineScheduler, 'schedule' | 'cancel' | 'on'>;
  outbox: CallbackOutbox;
  service: string;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls). */
  tls?: StreamTls | undefined;
  connectTimeoutMs: number;
  tokenTtlSeconds: number;
  now: () => number;
  log: Logger;
}): OperatorPinger {
  let stream: Promise<UserStream> | undefined;
  const interval = d.settings.pingIntervalMs;

  const pinger = (): Promise<UserStream> => {
    stream ??= (async () => {
      try {
        await d.backend.registerUser(PINGER_USER, randomBytes(24).toString('base64url'));
      } catch (error) {
        if (!(isGatewayError(error) && error.kind === 'conflict')) throw error;
      }
      const jid = `${PINGER_USER}@${d.backend.host}`;
      return openUserStream({
        service: d.service,
        tls: d.tls,
        domain: d.backend.host,
        username: PINGER_USER,
        issueToken: () => d.backend.issueToken(jid, d.tokenTtlSeconds),
        revokeToken: (t) => d.backend.revokeToken(t),
        connectTimeoutMs: d.connectTimeoutMs,
        log: d.log,
        onStanza: () => undefined,
        onNotice: (n) => {
          if (n.kind === 'closed') stream = undefined;
        },
      });
    })();
    stream.catch(() => { stream = undefined; });
    return stream;
  };

  const split = (full: string): { user: string; host: string; resource: string } => {
    const slash = full.indexOf('/');
    const bare = full.slice(0, slash);
    const at = bare.indexOf('@');
    return { user: bare.slice(0, at), host: bare.slice(at + 1), resource: full.slice(slash + 1) };
  };

  d.deadlines.on<null>(LHC_PING_KIND, async (full) => {
    const { user, host, resource } = split(full);
    let error: unknown;
    try {
      const s = await pinger();
      await s.request(parseStanzaText(renderXml(el('iq', { type: 'get', to: full, id: `lhcping-${randomUUID()}` }, el('ping', { xmlns: 'urn:xmpp:ping' })), false)), `ping ${full}`, d.settings.pingTimeoutMs);
    } catch (e) {
      error = e;
    }
    const outcome = pingOutcome(error);
    if (outcome === 'pong') {
      const url = callbackUrl(d.settings, 'ping', user);
      if (url !== null) {
        const cb: Callback = { id: randomUUID(), kind: 'ping', url, contentType: 'application/json', body: pingBody(full), createdAt: d.now() };
        await d.outbox.enqueue(`${user}@${host}`, cb);
      }
      await d.deadlines.schedule(LHC_PING_KIND, full, d.now() + interval);
      return;
    }
    if (outcome === 'unknown') {
      d.log.warn('lhc: an operator ping could not be sent; next interval retries', { session: full, error: (error as Error).message });
      await d.deadlines.schedule(LHC_PING_KIND, full, d.now() + interval);
      return;
    }
    d.log.info('lhc: an operator session did not answer its ping; reported disconnected', { session: full, outcome });
    if (outcome === 'silent' && d.settings.killUnresponsive) {
      await d.backendOf(host).kickSession(user, resource, 'No answer to ping').catch((e: unknown) => d.log.warn('lhc: cannot close an unresponsive session', { session: full, error: (e as Error).message }));
    }
    await d.outbox.resourceChange(`${user}@${host}`, resource, false, (action) => {
      const url = callbackUrl(d.settings, 'status', user);
      return url === null ? null : { id: randomUUID(), kind: 'status', url, contentType: 'application/json', body: statusBody(action, user, host), createdAt: d.now() };
    });
  });

  return {
    async track(full) {
      if (d.settings.pingUrl === null && !d.settings.automatedHosting) return;
      await d.deadlines.schedule(LHC_PING_KIND, full, d.now() + interval);
    },
    async untrack(full) {
      await d.deadlines.cancel(LHC_PING_KIND, full);
    },
    async close() {
      const s = stream;
      stream = undefined;
      await (await s?.catch(() => undefined))?.close().catch(() => undefined);
    },
  };
}
