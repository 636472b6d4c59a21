/**
 * Carries out click-to-chat's committed effects, in order: roster items between the pair (when
 * clicktochat.rosterLink), and the messages and SSE events that tell a client its helpdesk user
 * left. The client's SSE event goes to its event log when the client host is ofgate's own domain
 * (a client with a chat stream through ofgate reads it there; a plain XMPP client gets the
 * message only).
 *
 * Rules: one effect's failure is logged (never a password) and never stops the others; a
 * roster item already gone is success; nothing here decides anything the machine decides.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError } from '../errors/index.js';
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { EventPublisher } from '../sse/index.js';
import type { Effect } from './machine/index.js';
import { handedOverNotice, presenceProbe, reassignedNotice, unpairedNotice } from './notices.js';

type RosterPort = Pick<EjabberdBackend, 'setRosterItem' | 'deleteRosterItem'>;

export interface EffectRunnerDeps {
  readonly clientHost: string;
  readonly helpdeskHost: string;
  /** ofgate's own domain: clients there have an SSE event log. */
  readonly domain: string;
  readonly rosterLink: boolean;
  /** Roster calls on the client host and on the helpdesk host. */
  readonly clientRoster: RosterPort;
  readonly helpdeskRoster: RosterPort;
  readonly sendStanza: EjabberdBackend['sendStanza'];
  readonly events: EventPublisher;
  readonly log: Logger;
}

export const CLIENT_ROSTER_GROUP = 'Helpdesk';
export const HELPDESK_ROSTER_GROUP = 'Clients';

const local = (jid: string): string => splitJid(jid).local;

const goneIsFine = (err: unknown): void => {
  if (err instanceof GatewayError && err.kind === 'not-found') return;
  throw err;
};

export function createEffectRunner(d: EffectRunnerDeps): (effects: readonly Effect[]) => Promise<void> {
  async function link(client: string, agent: string): Promise<void> {
    if (!d.rosterLink) return;
    await d.clientRoster.setRosterItem(local(client), { jid: agent, nick: local(agent), groups: [CLIENT_ROSTER_GROUP], subscription: 'both' });
    await d.helpdeskRoster.setRosterItem(local(agent), { jid: client, nick: local(client), groups: [HELPDESK_ROSTER_GROUP], subscription: 'both' });
  }

  async function unlink(client: string, agent: string): Promise<void> {
    if (!d.rosterLink) return;
    await d.helpdeskRoster.deleteRosterItem(local(agent), client).catch(goneIsFine);
    await d.clientRoster.deleteRosterItem(local(client), agent).catch(goneIsFine);
  }

  function notifyClient(client: string, data: Record<string, unknown>): void {
    if (splitJid(client).domain !== d.domain) return;
    d.events.publish(local(client), { name: 'chatapi.notify', data: { type: 'notify', to: client, from: d.helpdeskHost, data } });
  }

  async function run(e: Effect): Promise<void> {
    switch (e.type) {
      case 'link':
        return link(e.client, e.agent);
      case 'unlink':
        return unlink(e.client, e.agent);
      case 'reassigned':
        notifyClient(e.client, { event: 'clicktochat.reassigned', agent: e.to, previous: e.from });
        await d.sendStanza(e.to, e.client, reassignedNotice(e.client, e.from, e.to));
        await d.sendStanza(d.helpdeskHost, e.to, handedOverNotice(d.helpdeskHost, e.client, e.from, e.to));
        if (d.rosterLink) {
          await d.sendStanza(e.client, e.to, presenceProbe(e.client, e.to));
          await d.sendStanza(e.to, e.client, presenceProbe(e.to, e.client));
        }
        return;
      case 'unpaired':
        notifyClient(e.client, { event: 'clicktochat.unpaired', agent: null, previous: e.from });
        await d.sendStanza(d.helpdeskHost, e.client, unpairedNotice(d.helpdeskHost, e.client, e.from));
        return;
    }
  }

  return async (effects) => {
    for (const e of effects) {
      try {
        await run(e);
      } catch (err) {
        d.log.warn('clicktochat: an effect failed', { effect: e.type, client: e.client, error: err as Error });
      }
    }
  };
}
