/**
 * Client accounts' ends from mod_ofgate's hook events: a session of a client closing
 * (`session_closed`: ended when it was its last one, not at the first resource as the original)
 * and a client account removed by anyone (`user_removed`: its slot is freed). Events of other
 * users and hosts are ignored.
 *
 * Rules: a failure is logged (the client's durable check ends it later); the bus never sees it.
 */
import type { HookBus } from '../../hooks/index.js';
import { bareOf, splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { ClientLifecycle } from './client-lifecycle.js';

export interface ClientSessionsDeps {
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly clientHost: string;
  readonly clients: Pick<ClientLifecycle, 'sessionClosed' | 'accountRemoved'>;
  readonly log: Logger;
}

export function followClientSessions(d: ClientSessionsDeps): () => void {
  const ofClientHost = (jid: string): string | undefined => {
    const bare = bareOf(jid);
    return splitJid(bare).domain === d.clientHost && splitJid(bare).local !== '' ? bare : undefined;
  };
  const guard = (what: string, client: string, run: () => Promise<void>): Promise<void> =>
    run().catch((err: unknown) => d.log.warn(`clicktochat: a client's ${what} could not be handled (its check will)`, { client, error: err as Error }));

  const offs = [
    d.hooks.subscribe('session_closed', (e) => {
      const client = ofClientHost(e.jid);
      return client ? guard('session end', client, () => d.clients.sessionClosed(client)) : undefined;
    }),
    d.hooks.subscribe('user_removed', (e) => {
      const client = ofClientHost(e.jid);
      return client ? guard('account removal', client, () => d.clients.accountRemoved(client)) : undefined;
    }),
  ];
  return () => offs.forEach((off) => off());
}
