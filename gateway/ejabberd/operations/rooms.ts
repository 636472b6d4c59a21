/**
 * Multi-user chat rooms (mod_muc_admin). create_room_with_opts silently accepts unknown option
 * names; get_room_options answers nothing for a room that does not exist (and crashes for one
 * that is stopping); destroy_room answers before the room has stopped.
 * References: mod_muc_admin (23.01) create_room_with_opts/4, get_room_options/2,
 * change_room_option/4, destroy_room/2, get/set_room_affiliation(s), get_room_occupants/2, get_subscribers/2; notes §5, §10.
 */
import { isGatewayError } from '../../errors/index.js';
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { optionsToRecord, recordToOptions } from '../results/room-options.js';
import { toRoomAffiliations } from '../results/room-affiliations.js';
import type { OperationContext } from './operation-context.js';
import { settleAfterCast } from './settle-after-cast.js';

export type RoomOperations = Pick<
  EjabberdBackend,
  'listRooms' | 'createRoom' | 'getRoomOptions' | 'setRoomOption' | 'destroyRoom' | 'getRoomAffiliations' | 'setRoomAffiliation' | 'getRoomOccupants' | 'getRoomSubscribers'
>;

export function roomOperations({ call, run, host }: OperationContext): RoomOperations {
  const getRoomOptions = async (name: string, service: string) => {
    try {
      return optionsToRecord(await call('get_room_options', { name, service }));
    } catch (err) {
      if (isGatewayError(err) && err.exception === 'RoomNotFoundException') return undefined;
      throw err;
    }
  };

  return {
    listRooms: (service) => call('muc_online_rooms', { service }),
    createRoom: (name, service, options) => run('create_room_with_opts', { name, service, host, options: recordToOptions(options) }),
    getRoomOptions,
    setRoomOption: (name, service, option, value) => run('change_room_option', { name, service, option, value }),
    async destroyRoom(name, service) {
      await run('destroy_room', { name, service });
      await settleAfterCast(async () => (await getRoomOptions(name, service)) === undefined);
    },
    getRoomAffiliations: async (name, service) => toRoomAffiliations(await call('get_room_affiliations', { name, service })),
    setRoomAffiliation: (name, service, jid, affiliation) => run('set_room_affiliation', { name, service, jid, affiliation }),
    getRoomOccupants: (name, service) => call('get_room_occupants', { name, service }),
    getRoomSubscribers: (name, service) => call('get_subscribers', { name, service }),
  };
}
