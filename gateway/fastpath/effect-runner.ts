/**
 * Carries out a workgroup's committed effects, in order: SSE events (fastpath-events.ts), an
 * XMPP notice for agents without a chat stream through ofgate, the support room (create, then
 * step roomCreated or roomFailed; destroy), the agent's room invitation, deadlines on the
 * scheduler, and the end of a visitor's request; an agent's colleague made a room member and
 * invited; the room of an accepted chat handed to `chatOpened` (the chat record), the end of a
 * chat to `chatEnded` (the chat record's completion).
 *
 * Rules:
 * - One effect's failure is logged and never stops the others (one user's failure never takes
 *   the rest down); a room that cannot be made steps roomFailed, so the request goes back to
 *   its place instead of hanging.
 * - `overflow` is not carried out here: the workgroup service moves the request within the same
 *   transaction as the step that timed it out.
 * - Nothing here decides anything the machine decides; it only talks to the world.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { EventPublisher } from '../sse/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { DEADLINE_KINDS, machineDeadlineId, type MachineDeadlinePayload } from './deadline-kinds.js';
import { deliveriesOf, workgroupJid, type FastpathAddresses } from './fastpath-events.js';
import type { ChatEndReason, Effect, MachineEvent } from './machine/index.js';
import { offerNotice, revokeNotice } from './offer-notice.js';
import type { SupportRooms } from './support-rooms.js';

export interface EffectRunnerDeps {
  readonly addresses: FastpathAddresses;
  readonly events: EventPublisher;
  readonly deadlines: Pick<DeadlineScheduler, 'schedule' | 'cancel'>;
  readonly rooms: SupportRooms;
  readonly backend: Pick<EjabberdBackend, 'sendStanza'>;
  /** Has the agent a chat stream through ofgate (then its SSE carries the offer)? */
  readonly hasStream: (username: string) => Promise<boolean>;
  /** Steps an event on a workgroup (roomCreated / roomFailed after the room work). */
  readonly apply: (workgroup: string, event: MachineEvent) => Promise<unknown>;
  /** The request ended for its visitor (departed, cancelled, chat over). */
  readonly requestEnded: (requestId: string) => Promise<void>;
  /**
   * A support chat ended (any path: the agent's end, the visitor's cancel, everyone left):
   * where the chat record is completed. Called before the room goes; optional.
   */
  readonly chatEnded?: (workgroup: string, requestId: string, reason: ChatEndReason) => Promise<void>;
  /** The support room exists (made, or set up again for the agent taking over): the chat record is written before roomCreated is stepped; optional. */
  readonly chatOpened?: (workgroup: string, agent: string, requestId: string) => Promise<void>;
  readonly log: Logger;
}

export function createEffectRunner(d: EffectRunnerDeps): (workgroup: string, effects: readonly Effect[]) => Promise<void> {
  const { domain } = d.addresses;
  const agentJid = (agent: string): string => bare({ local: agent, domain });

  async function notifyWithoutStream(from: string, agent: string, stanza: () => string): Promise<void> {
    if (await d.hasStream(agent)) return;
    await d.backend.sendStanza(from, agentJid(agent), stanza());
  }

  async function run(workgroup: string, e: Effect): Promise<void> {
    for (const delivery of deliveriesOf(e, d.addresses)) d.events.publish(delivery.to, delivery.event);
    const from = workgroupJid(workgroup, domain);
    switch (e.type) {
      case 'sendOffer':
        await notifyWithoutStream(from, e.agent, () => offerNotice({
          to: agentJid(e.agent), from, workgroup, offerId: e.request.requestId, userId: e.request.userId,
          question: e.metadata.question ?? '', expiresAt: e.expiresAt,
        }));
        return;
      case 'revokeOffer':
        await notifyWithoutStream(from, e.agent, () => revokeNotice({ to: agentJid(e.agent), from, workgroup, offerId: e.request.requestId, userId: e.request.userId, reason: e.text }));
        return;
      case 'createRoom': {
        const requestId = e.request.requestId;
        let made = false;
        try {
          await d.rooms.create(requestId, { workgroup, agent: e.agent, visitor: e.request.visitor });
          made = true;
        } catch (err) {
          d.log.warn('fastpath: the support room could not be created; the request goes back to its place', { workgroup, requestId, error: err as Error });
        }
        if (made && d.chatOpened) {
          await d.chatOpened(workgroup, e.agent, requestId).catch((err: unknown) => {
            d.log.warn('fastpath: the chat record could not be written', { workgroup, requestId, error: err as Error });
          });
        }
        await d.apply(workgroup, { type: made ? 'roomCreated' : 'roomFailed', offerId: requestId });
        return;
      }
      case 'inviteAgent':
        await d.rooms.inviteAgent(e.request.requestId, e.agent);
        return;
      case 'inviteColleague':
        await d.rooms.addMember(e.request.requestId, e.colleague);
        await d.rooms.inviteAgent(e.request.requestId, e.colleague);
        return;
      case 'destroyRoom':
        if (d.chatEnded) {
          await d.chatEnded(workgroup, e.request.requestId, e.reason ?? 'everyone-left').catch((err: unknown) => {
            d.log.warn('fastpath: the chat record could not be completed', { workgroup, requestId: e.request.requestId, error: err as Error });
          });
        }
        // the request ends whatever ejabberd answers (the visitor's clean-up destroys the room again, durably)
        try {
          await d.rooms.destroy(e.request.requestId);
        } finally {
          await d.requestEnded(e.request.requestId);
        }
        return;
      case 'departQueue':
        await d.requestEnded(e.request.requestId);
        return;
      case 'schedule': {
        const payload: MachineDeadlinePayload = { workgroup, deadline: e.deadline };
        await d.deadlines.schedule(DEADLINE_KINDS[e.kind], machineDeadlineId(workgroup, e.key), e.at, payload);
        return;
      }
      case 'cancelDeadline':
        await d.deadlines.cancel(DEADLINE_KINDS[e.kind], machineDeadlineId(workgroup, e.key));
        return;
      default:
        return; // events only (updateQueue, notifyAgents, inviteVisitor, transferOutcome), or done by the service (overflow)
    }
  }

  return async (workgroup, effects) => {
    for (const e of effects) {
      try {
        await run(workgroup, e);
      } catch (err) {
        d.log.warn('fastpath: an effect failed', { workgroup, effect: e.type, error: err as Error });
      }
    }
  };
}
