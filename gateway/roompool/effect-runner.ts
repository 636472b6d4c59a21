/**
 * Carries out the pool's committed effects, in order: the web app's SSE event, then the
 * ejabberd work (ban an intruder, destroy a closed room, make a group room's staff its
 * moderator), the reservation deadlines, and a nudge to the bot to top the stock up.
 *
 * Rules:
 * - One effect's failure is logged and never stops the others. A destroy that failed is done
 *   again by the bot before it archives the room (no room is left behind); a kick that failed
 *   is done again by the next reconcile, which finds the intruder inside.
 * - Nothing here decides anything the machine decides; it only talks to the world.
 */
import type { Logger } from '../log/index.js';
import type { EventPublisher } from '../sse/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import type { Effect } from './machine/index.js';
import { channelOf, eventOf } from './pool-events.js';
import type { PoolRooms } from './pool-rooms.js';

/** The deadline kind of a reservation; id `<site>:<room>`. */
export const RESERVATION_KIND = 'roompool-reservation';

export interface ReservationPayload {
  readonly site: string;
  readonly room: string;
  readonly ticket: string;
}

export const reservationId = (site: string, room: string): string => `${site}:${room}`;

export interface EffectRunnerDeps {
  readonly site: string;
  readonly rooms: Pick<PoolRooms, 'kick' | 'destroy' | 'grantModerator' | 'jidOf'>;
  readonly deadlines: Pick<DeadlineScheduler, 'schedule' | 'cancel'>;
  readonly events: EventPublisher;
  /** The stock may be short: the bot tops it up (when this instance runs it). */
  readonly refill: () => void;
  readonly log: Logger;
}

export function createEffectRunner(d: EffectRunnerDeps): (effects: readonly Effect[]) => Promise<void> {
  const channel = channelOf(d.site);

  async function run(e: Effect): Promise<void> {
    const event = eventOf(e, (name) => d.rooms.jidOf(name));
    if (event) d.events.publish(channel, event);
    switch (e.type) {
      case 'kick':
        return d.rooms.kick(e.room, e.jid, e.reason);
      case 'destroyRoom':
        return d.rooms.destroy(e.room, e.reason);
      case 'grantModerator':
        return d.rooms.grantModerator(e.room, e.jid);
      case 'scheduleReservation': {
        const payload: ReservationPayload = { site: d.site, room: e.room, ticket: e.ticket };
        return d.deadlines.schedule(RESERVATION_KIND, reservationId(d.site, e.room), e.at, payload);
      }
      case 'cancelReservation':
        await d.deadlines.cancel(RESERVATION_KIND, reservationId(d.site, e.room));
        return;
      case 'refill':
        return d.refill();
      default:
        return; // events only
    }
  }

  return async (effects) => {
    let refill = false;
    for (const e of effects) {
      if (e.type === 'refill') {
        refill = true; // once per batch, after the rest
        continue;
      }
      try {
        await run(e);
      } catch (err) {
        d.log.warn('room pool: an effect failed', { site: d.site, effect: e.type, error: err as Error });
      }
    }
    if (refill) d.refill();
  };
}
