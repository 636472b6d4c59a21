/**
 * Helpdesk users' presence → click-to-chat steps: the online view reports a helpdesk user's
 * first available resource (agentOnline: it joins the queue at the head, as the original) and
 * its last one going (agentOffline: it leaves the queue and its clients go to others, or are
 * unpaired). A change of show needs no step: availability is read from the view when a client
 * registers, so an away agent is skipped then.
 *
 * Rules: changes of one user are stepped in the order they came (a chain per user); a failed
 * step is logged and never blocks the next change. In a cluster the view reports each change on
 * one instance only, so each is stepped once; two changes of one user may be reported on two
 * instances, so each step first reads the view again and does nothing when it no longer holds
 * (the last change's step then wins, whatever order they ran in).
 */
import type { Logger } from '../log/index.js';
import type { PresenceView } from '../presence/index.js';
import type { HelpdeskDirectory } from './helpdesk-directory.js';
import type { PairingService } from './pairing-service.js';

export interface AgentPresenceDeps {
  readonly presence: Pick<PresenceView, 'onChange'>;
  readonly directory: HelpdeskDirectory;
  readonly pairing: PairingService;
  readonly log: Logger;
}

export function followAgentPresence(d: AgentPresenceDeps): () => void {
  const chains = new Map<string, Promise<void>>();

  async function online(agent: string): Promise<void> {
    if ((await d.directory.showOf(agent)) === 'offline') return; // gone again meanwhile
    if (await d.directory.isHelpdesk(agent)) await d.pairing.apply({ type: 'agentOnline', agent });
  }

  async function offline(agent: string): Promise<void> {
    if ((await d.directory.showOf(agent)) !== 'offline') return; // back again meanwhile
    const state = await d.pairing.read();
    const holds = Object.values(state.clients).some((c) => c.agent === agent);
    if (!holds && !state.queue.includes(agent)) return;
    const available = await d.directory.available(state.queue.filter((a) => a !== agent));
    d.log.info('clicktochat: a helpdesk user went offline; its clients move', { agent });
    await d.pairing.apply({ type: 'agentOffline', agent, available });
  }

  return d.presence.onChange((jid, now, before) => {
    if (!d.directory.onHelpdeskHost(jid) || (now === undefined) === (before === undefined)) return;
    const agent = jid.toLowerCase();
    const change = now ? () => online(agent) : () => offline(agent);
    const next = (chains.get(agent) ?? Promise.resolve())
      .then(change)
      .catch((err: unknown) => d.log.warn('clicktochat: a helpdesk presence change could not be applied', { agent, error: err as Error }));
    chains.set(agent, next);
    void next.then(() => {
      if (chains.get(agent) === next) chains.delete(agent);
    });
  });
}
