/**
 * The agent's side of Fastpath (ofchat's `assists` and `offer` routes): the workgroups it is a
 * member of, their queues, going available or not, accepting and rejecting offers.
 *
 * Rules:
 * - An agent acts for itself only: the routes resolve who it is (its stream's user, or its own
 *   Basic credentials) before calling here.
 * - Availability takes the agent's current presence from the online view, so an agent that is
 *   `dnd` when it goes available still gets no offers.
 * - An offer is named by its id alone (= the request id); the request's ask record says which
 *   workgroup holds it. Not offered to this agent: 403; offered but no longer pending: 409;
 *   unknown: 404.
 */
import { badRequest, conflict, forbidden, notFound } from '../errors/index.js';
import { currentChats, isAvailable, queueDetails, queueSummary, type QueueDetail, type QueueSummary, type Show, type WorkgroupSettings } from './machine/index.js';
import type { VisitorAsks } from './visitor-asks.js';
import type { WorkgroupService } from './workgroup-service.js';

export interface AgentWorkgroup {
  readonly name: string;
  readonly available: boolean;
  readonly chats: number;
  readonly settings: WorkgroupSettings;
}

export interface AgentQueue {
  readonly name: string;
  readonly summary: QueueSummary;
  readonly details: readonly QueueDetail[];
  readonly chats: number;
  readonly maxChats: number;
}

export interface AgentDeskDeps {
  readonly workgroups: WorkgroupService;
  readonly asks: Pick<VisitorAsks, 'record'>;
  /** The agent's presence show now ('offline' when no client is connected). */
  readonly showOf: (username: string) => Promise<Show>;
  readonly now: () => number;
}

export interface AgentDesk {
  workgroupsOf(agent: string): Promise<AgentWorkgroup[]>;
  /** The queues of the workgroups where the agent is available (ofchat: only while online). */
  queuesOf(agent: string): Promise<AgentQueue[]>;
  setAvailable(agent: string, workgroup: string, available: boolean): Promise<void>;
  accept(agent: string, offerId: string, workgroup?: string): Promise<{ readonly requestId: string; readonly userId: string }>;
  reject(agent: string, offerId: string, workgroup?: string): Promise<void>;
}

export function createAgentDesk(d: AgentDeskDeps): AgentDesk {
  async function workgroupOfOffer(offerId: string, given: string | undefined): Promise<string> {
    const record = /^[a-z0-9]{6,40}$/.test(offerId) ? await d.asks.record(offerId) : undefined;
    if (!record) throw notFound(`No offer ${offerId}`, { resource: offerId });
    if (given !== undefined && given.trim().toLowerCase() !== record.workgroup) throw notFound(`No offer ${offerId} in workgroup ${given}`, { resource: offerId });
    return record.workgroup;
  }

  const mine = async (agent: string) => {
    const names = await d.workgroups.workgroupsOf(agent);
    const records = await Promise.all(names.map((n) => d.workgroups.get(n).catch(() => undefined)));
    return records.filter((r) => r !== undefined && r.state.members.includes(agent)).map((r) => r!.state);
  };

  return {
    async workgroupsOf(agent) {
      return (await mine(agent)).map((s) => ({ name: s.name, available: isAvailable(s, agent), chats: currentChats(s, agent), settings: s.settings }));
    },

    async queuesOf(agent) {
      const now = d.now();
      return (await mine(agent)).filter((s) => isAvailable(s, agent)).map((s) => ({
        name: s.name,
        summary: queueSummary(s, now),
        details: queueDetails(s),
        chats: Object.keys(s.chats).length,
        maxChats: s.settings.maxChatsPerAgent,
      }));
    },

    async setAvailable(agent, workgroup, available) {
      if (available) {
        const show = await d.showOf(agent);
        const { result } = await d.workgroups.apply(workgroup, { type: 'agentAvailable', agent, show: show === 'offline' ? 'available' : show });
        if (result.kind === 'not-member') throw forbidden(`${agent} is not an agent of workgroup ${workgroup}`, { resource: workgroup });
        return;
      }
      const { result } = await d.workgroups.apply(workgroup, { type: 'agentUnavailable', agent });
      if (result.kind === 'not-member') throw forbidden(`${agent} is not an agent of workgroup ${workgroup}`, { resource: workgroup });
      if (result.kind === 'not-available') throw badRequest(`${agent} is not available in workgroup ${workgroup}`, { resource: workgroup });
    },

    async accept(agent, offerId, given) {
      const workgroup = await workgroupOfOffer(offerId, given);
      const { result } = await d.workgroups.apply(workgroup, { type: 'accept', offerId, agent });
      switch (result.kind) {
        case 'accepted':
          return { requestId: result.requestId, userId: result.userId };
        case 'not-yours':
          throw forbidden(`Offer ${offerId} was not made to ${agent}`, { resource: offerId });
        case 'revoked':
          throw conflict(`Offer ${offerId} is no longer pending (timed out, revoked, taken or cancelled)`, { resource: offerId });
        case 'unknown':
          throw notFound(`No offer ${offerId}`, { resource: offerId });
      }
    },

    async reject(agent, offerId, given) {
      const workgroup = await workgroupOfOffer(offerId, given);
      const { result } = await d.workgroups.apply(workgroup, { type: 'reject', offerId, agent });
      switch (result.kind) {
        case 'rejected':
          return;
        case 'not-yours':
          throw forbidden(`Offer ${offerId} was not made to ${agent}`, { resource: offerId });
        case 'revoked':
          throw conflict(`Offer ${offerId} is no longer pending`, { resource: offerId });
        case 'unknown':
          throw notFound(`No offer ${offerId}`, { resource: offerId });
      }
    },
  };
}
