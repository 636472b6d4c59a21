/**
 * Which rooms the LHC bridge reports on (the 2022 module's rule): a room is bridged when one of
 * its MUC/Sub subscribers is an LHC web operator's pseudo-user, `<name>.<surname>.operator@…`.
 * LHC's PHP subscribes that user when it creates a group chat.
 *
 * Rules it keeps:
 * - Asked only for operators' groupchat messages and room joins and leaves (operator-events.ts
 *   checks the sender first), never for every presence of the system as the 2022 module did.
 * - One subscriber read per room at most every TTL_MS; concurrent questions share it.
 * - A room that does not exist, or a read that fails, is not bridged for that event (a failure
 *   is logged): a callback is never sent on a guess.
 */
import { isGatewayError } from '../errors/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';

const TTL_MS = 10_000;
const MAX_ROOMS = 10_000;
const PSEUDO_OPERATOR = /\.operator@/u;

export interface BridgedRooms {
  isBridged(roomJid: string): Promise<boolean>;
}

export function createBridgedRooms(d: { backend: Pick<EjabberdBackend, 'getRoomSubscribers'>; now: () => number; log: Logger }): BridgedRooms {
  const cache = new Map<string, { at: number; bridged: Promise<boolean> }>();
  const read = async (room: string): Promise<boolean> => {
    const { local, domain } = splitJid(room);
    try {
      return (await d.backend.getRoomSubscribers(local, domain)).some((jid) => PSEUDO_OPERATOR.test(jid.toLowerCase()));
    } catch (error) {
      if (!(isGatewayError(error) && error.kind === 'not-found')) d.log.warn('lhc: cannot read a room\'s subscribers', { room, error: (error as Error).message });
      return false;
    }
  };
  return {
    isBridged(roomJid) {
      const room = roomJid.toLowerCase();
      const hit = cache.get(room);
      if (hit && d.now() - hit.at <= TTL_MS) return hit.bridged;
      if (cache.size >= MAX_ROOMS) cache.clear();
      const fresh = { at: d.now(), bridged: read(room) };
      cache.set(room, fresh);
      return fresh.bridged;
    },
  };
}
