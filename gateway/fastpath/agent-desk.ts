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
 * - A running chat (end, transfer, invite a colleague) is named by its workgroup and request id
 *   and moved by its own agent only: another agent's 403, unknown 404, its room not ready or a
 *   transfer pending 409; a target that is the agent itself or no member 400, not available
 *   now or a workgroup that refuses the request (closed, full, unknown) 409.
 */
import { badRequest, conflict, forbidden, notFound } from '../errors/index.js';
import { GatewayError } from '../errors/index.js';
import { currentChats, isAvailable, queueDetails, queueSummary, type InviteResult, type QueueDetail, type QueueSummary, type Show, type TransferResult, type WorkgroupSettings } from './machine/index.js';
import type { VisitorAsks } from './visitor-asks.js';
import { workgroupName } from './workgroup-names.js';
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
  /** Ends the agent's chat: the room goes, both sides get chat-ended. */
  endChat(agent: string, workgroup: string, requestId: string): Promise<void>;
  /** Offers the chat to agent `to.agent`, or queues it in workgroup `to.workgroup` (its own or another) with its room. */
  transfer(agent: string, workgroup: string, requestId: string, to: TransferTarget): Promise<TransferDone>;
  /** Makes `colleague` a member of the chat's room and invites it (XEP-0249). */
  invite(agent: string, workgroup: string, requestId: string, colleague: string): Promise<void>;
}

export type TransferTarget = { readonly agent: string } | { readonly workgroup: string };
export type TransferDone = Extract<TransferResult, { kind: 'offered' | 'queued' | 'moved' }>;

/** A refused chat move → its HTTP error (see the rules above). */
function chatMoveError(result: Exclude<TransferResult | InviteResult, TransferDone | { kind: 'invited' }>, requestId: string, target: string): GatewayError {
  switch (result.kind) {
    case 'unknown':
      return notFound(`No chat ${requestId}`, { resource: requestId });
    case 'not-yours':
      return forbidden(`Chat ${requestId} is another agent's`, { resource: requestId });
    case 'not-ready':
      return conflict(`The room of chat ${requestId} is not ready yet`, { resource: requestId });
    case 'pending':
      return conflict(`A transfer of chat ${requestId} is already pending`, { resource: requestId });
    case 'same-agent':
      return badRequest('The chat is already yours', { resource: target });
    case 'not-member':
      return badRequest(`${target} is not an agent of the chat's workgroup`, { resource: target });
    case 'unavailable':
      return conflict(`${target} is not available now`, { resource: target });
    case 'refused':
      return conflict(`Workgroup ${target} does not take the chat now (${result.refusal})`, { resource: target });
  }
}

export function createAgentDesk(d: AgentDeskDeps): AgentDesk {
  /** The workgroup holding chat `requestId`, checked against the one the route names (404 otherwise). */
  async function workgroupOfChat(requestId: string, given: string): Promise<string> {
    return workgroupOfOffer(requestId, given).catch((err: unknown) => {
      throw err instanceof GatewayError && err.kind === 'not-found' ? notFound(`No chat ${requestId} in workgroup ${given}`, { resource: requestId }) : err;
    });
  }

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

    async endChat(agent, given, requestId) {
      const workgroup = await workgroupOfChat(requestId, given);
      const { result } = await d.workgroups.apply(workgroup, { type: 'chatEnded', offerId: requestId, agent });
      if (result.kind !== 'ok') throw chatMoveError(result, requestId, agent);
    },

    async transfer(agent, given, requestId, to) {
      const workgroup = await workgroupOfChat(requestId, given);
      const { result } = 'agent' in to
        ? await d.workgroups.apply(workgroup, { type: 'transferToAgent', offerId: requestId, agent, target: to.agent })
        : await d.workgroups.apply(workgroup, { type: 'transferToWorkgroup', offerId: requestId, agent, workgroup: workgroupName(to.workgroup) });
      if (result.kind === 'offered' || result.kind === 'queued' || result.kind === 'moved') return result;
      throw chatMoveError(result, requestId, 'agent' in to ? to.agent : to.workgroup);
    },

    async invite(agent, given, requestId, colleague) {
      const workgroup = await workgroupOfChat(requestId, given);
      const { result } = await d.workgroups.apply(workgroup, { type: 'inviteColleague', offerId: requestId, agent, colleague });
      if (result.kind !== 'invited') throw chatMoveError(result, requestId, colleague);
    },
  };
}
