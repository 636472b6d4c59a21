/**
 * Agents' availability from their real presence: every change the online view reports (the hook
 * shim's presence events, for ofgate's streams and any other XMPP client alike) becomes an
 * `agentPresence` step in each workgroup the user is a member of. Going offline or `dnd`/`xa`
 * revokes the agent's pending offers at once (the machine re-queues them at their old place).
 *
 * Rules: changes of one user are stepped in the order they came (a chain per user); a failed
 * step is logged and does not block the next change.
 */
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { PresenceView } from '../presence/index.js';
import type { Show } from './machine/index.js';
import type { WorkgroupService } from './workgroup-service.js';

export function followAgentPresence(d: { presence: Pick<PresenceView, 'onChange' | 'get'>; workgroups: WorkgroupService; domain: string; log: Logger }): () => void {
  const chains = new Map<string, Promise<void>>();
  const domain = d.domain.toLowerCase();

  const stepAll = async (user: string, show: Show): Promise<void> => {
    for (const name of await d.workgroups.workgroupsOf(user)) {
      await d.workgroups.apply(name, { type: 'agentPresence', agent: user, show }).catch((err: unknown) => {
        d.log.warn('fastpath: an agent presence change could not be applied', { workgroup: name, agent: user, error: err as Error });
      });
    }
  };

  return d.presence.onChange((jid, now) => {
    const j = splitJid(jid);
    if (j.domain.toLowerCase() !== domain || j.local === '') return;
    const user = j.local;
    const show: Show = now ? now.show : 'offline';
    const next = (chains.get(user) ?? Promise.resolve()).then(() => stepAll(user, show)).catch(() => undefined);
    chains.set(user, next);
    void next.then(() => {
      if (chains.get(user) === next) chains.delete(user);
    });
  });
}

/** The user's show now, from the online view ('offline' without a connected client). */
export async function showOf(presence: Pick<PresenceView, 'get'>, username: string, domain: string): Promise<Show> {
  const p = await presence.get(`${username}@${domain}`);
  return p ? p.show : 'offline';
}
