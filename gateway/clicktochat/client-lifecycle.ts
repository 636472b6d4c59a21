/**
 * A click-to-chat client's life: register (a slot reserved, the account created, the pair
 * confirmed), its periodic check, and its end (disconnect, its last session gone, a failed
 * register), each step through the pairing service.
 *
 * Rules it keeps (the original's holes, closed):
 * - No account without a slot: the slot is reserved first; nobody available → 503 and nothing
 *   is created. A register that fails after the reservation releases it, and one that fails
 *   after the account was created removes that account again.
 * - Only recorded clients are ever removed: an account this service did not create (a helpdesk
 *   user, anybody else) is never unregistered here; the existence check comes before the
 *   reservation, so a name that existed is answered 'exists' and never touched.
 * - Every client has a durable check (deadline kind CLIENT_CHECK_KIND, id = its bare JID) armed
 *   before its account is created: a client with no XMPP session at its check (it never came, or
 *   its session's end was missed) is ended; one still connected is looked at again a period
 *   later. Ending is idempotent (a second end changes nothing), as the scheduler requires.
 */
import type { Clock } from '../clock/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { forbidden, GatewayError, badRequest } from '../errors/index.js';
import { parseJid, splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import type { HelpdeskDirectory } from './helpdesk-directory.js';
import type { PairingService } from './pairing-service.js';

export const CLIENT_CHECK_KIND = 'clicktochat-client';

export type RegisterOutcome =
  | { readonly kind: 'registered'; readonly client: string; readonly agent: string }
  /** The account exists (the original's 400 `exists`). */
  | { readonly kind: 'exists' }
  /** ejabberd refused the name (the original's 400 `not allowed`). */
  | { readonly kind: 'not-allowed' };

export interface RegisterInput {
  /** Checked local part (client-names.ts). */
  readonly name: string;
  readonly password: string;
  /** An anonymous page's address and the cap on its live clients; null for trusted callers. */
  readonly address: string | null;
  readonly maxPerAddress: number | null;
}

export interface ClientLifecycle {
  register(input: RegisterInput): Promise<RegisterOutcome>;
  /** POST disconnect: ends a recorded client; 400 for an address off the client host, 403 for an account that is not a client. */
  disconnect(rawJid: string): Promise<void>;
  /** A session of `client` closed: ends it when it was its last one. */
  sessionClosed(client: string): Promise<void>;
  /** The account was removed elsewhere: its slot is freed. */
  accountRemoved(client: string): Promise<void>;
  /** The durable check (deadline handler). */
  check(client: string): Promise<void>;
  /** Arms the check of every recorded client (at start: moves none later than a period). */
  armChecks(): Promise<void>;
}

export interface ClientLifecycleDeps {
  readonly pairing: PairingService;
  readonly directory: Pick<HelpdeskDirectory, 'available'>;
  /** ejabberd on the client host. */
  readonly accounts: Pick<EjabberdBackend, 'registerUser' | 'unregisterUser' | 'userExists' | 'userSessions'>;
  readonly deadlines: Pick<DeadlineScheduler, 'schedule' | 'cancel'>;
  readonly clientHost: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

export function nobodyAvailable(): GatewayError {
  return new GatewayError('upstream-unavailable', 'No helpdesk user is available: try again later', { resource: 'helpdesk', exception: 'ServiceUnavailableException' });
}

const isKind = (err: unknown, kind: GatewayError['kind']): boolean => err instanceof GatewayError && err.kind === kind;

export function createClientLifecycle(d: ClientLifecycleDeps): ClientLifecycle {
  const local = (client: string): string => splitJid(client).local;
  const arm = (client: string, at: number): Promise<void> => d.deadlines.schedule(CLIENT_CHECK_KIND, client, at);

  async function removeAccount(client: string): Promise<void> {
    try {
      await d.accounts.unregisterUser(local(client));
    } catch (err) {
      if (!isKind(err, 'not-found')) throw err;
    }
  }

  /** Removes the account, frees the slot, drops the check: in this order, so a failure leaves the check to retry. */
  async function end(client: string): Promise<void> {
    await removeAccount(client);
    await d.pairing.apply({ type: 'release', client });
    await d.deadlines.cancel(CLIENT_CHECK_KIND, client).catch((err: unknown) => d.log.warn('clicktochat: cannot drop a client check', { client, error: err as Error }));
  }

  /** After the account was created: remove it and free the slot; the caller's error stands. */
  async function undo(client: string): Promise<void> {
    await end(client).catch((err: unknown) => d.log.warn('clicktochat: cannot undo a failed register (its check will)', { client, error: err as Error }));
  }

  const isClient = async (client: string): Promise<boolean> => client in (await d.pairing.read()).clients;

  return {
    async register(input) {
      const client = `${input.name}@${d.clientHost}`;
      if (await d.accounts.userExists(input.name)) return { kind: 'exists' };
      const available = await d.directory.available((await d.pairing.read()).queue);
      const reserved = await d.pairing.apply({ type: 'reserve', client, available, address: input.address, maxPerAddress: input.maxPerAddress });
      if (reserved.kind === 'exists') return { kind: 'exists' };
      if (reserved.kind === 'nobody-available') throw nobodyAvailable();
      if (reserved.kind === 'address-cap') {
        throw new GatewayError('too-many-requests', `This address already holds ${input.maxPerAddress ?? 0} click-to-chat accounts`, { resource: 'address' });
      }
      try {
        await arm(client, d.clock.now() + d.timeoutMs);
      } catch (err) {
        await d.pairing.apply({ type: 'release', client }).catch(() => undefined);
        throw err;
      }
      try {
        await d.accounts.registerUser(input.name, input.password);
      } catch (err) {
        // created by someone else meanwhile (conflict), refused, or unknown: ours only if it exists now and did not before
        const ours = !isKind(err, 'conflict') && !isKind(err, 'bad-request') && (await d.accounts.userExists(input.name).catch(() => false));
        if (ours) await undo(client);
        else await d.pairing.apply({ type: 'release', client }).catch(() => undefined);
        if (isKind(err, 'conflict')) return { kind: 'exists' };
        if (isKind(err, 'bad-request')) return { kind: 'not-allowed' };
        throw err;
      }
      let confirmed;
      try {
        confirmed = await d.pairing.apply({ type: 'confirm', client });
      } catch (err) {
        await undo(client);
        throw err;
      }
      if (confirmed.kind === 'unknown' || confirmed.agent === null) {
        // ended meanwhile (its agent left with nobody to take over, or its check ran)
        await undo(client);
        throw nobodyAvailable();
      }
      return { kind: 'registered', client, agent: confirmed.agent };
    },

    async disconnect(rawJid) {
      const jid = parseJid(rawJid.trim());
      if (!jid || jid.local === '' || jid.resource !== '' || jid.domain !== d.clientHost) {
        throw badRequest(`username: expected a client's bare JID on ${d.clientHost}`, { resource: 'username' });
      }
      const client = `${jid.local}@${jid.domain}`;
      if (await isClient(client)) return end(client);
      if (await d.accounts.userExists(jid.local)) {
        throw forbidden('Not a click-to-chat client: this account is never removed here', { resource: client });
      }
      // already gone: disconnect is idempotent
    },

    async sessionClosed(client) {
      if (!(await isClient(client))) return;
      if ((await d.accounts.userSessions(local(client))).length > 0) return; // not its last session
      await end(client);
    },

    async accountRemoved(client) {
      if (await isClient(client)) await end(client);
    },

    async check(client) {
      const c = (await d.pairing.read()).clients[client];
      if (!c) return;
      const now = d.clock.now();
      if (c.status === 'pending' && now < c.registeredAt + d.timeoutMs) return arm(client, c.registeredAt + d.timeoutMs);
      if (c.status === 'active' && (await d.accounts.userSessions(local(client))).length > 0) return arm(client, now + d.timeoutMs);
      d.log.info('clicktochat: a client without a session is ended', { client, status: c.status });
      await end(client);
    },

    async armChecks() {
      const now = d.clock.now();
      for (const [client, c] of Object.entries((await d.pairing.read()).clients)) {
        await arm(client, Math.min(now, c.registeredAt) + d.timeoutMs);
      }
    },
  };
}
