import assert from 'node:assert/strict';
import { translateFailure, type CommandFailure } from '../../../gateway/ejabberd/command-failure.js';

const fail = (over: Partial<CommandFailure>) => translateFailure({ command: 'register', args: { user: 'alice', host: 'x' }, reason: '', hint: 'rejected', ...over });

describe('translateFailure', () => {
  const table: Array<[Partial<CommandFailure>, string, string]> = [
    [{ reason: 'User alice@x already registered', hint: 'conflict' }, 'conflict', 'UserAlreadyExistsException'],
    [{ reason: 'User alice@x already registered', hint: 'rejected' }, 'conflict', 'UserAlreadyExistsException'],
    [{ command: 'change_password', reason: 'unknown_user', hint: 'not-found' }, 'not-found', 'UserNotFoundException'],
    [{ command: 'create_room_with_opts', reason: 'Room already exists' }, 'conflict', 'AlreadyExistsException'],
    [{ command: 'destroy_room', reason: "Room doesn't exists" }, 'not-found', 'RoomNotFoundException'],
    [{ command: 'get_room_occupants', reason: 'room_not_found' }, 'not-found', 'RoomNotFoundException'],
    [{ command: 'get_room_affiliations', reason: 'The room does not exist.' }, 'not-found', 'RoomNotFoundException'],
    [{ command: 'change_room_option', reason: 'Room not found' }, 'not-found', 'RoomNotFoundException'],
    [{ command: 'create_room_with_opts', reason: "Invalid 'service'" }, 'not-found', 'MUCServiceNotFoundException'],
    [{ command: 'get_vcard', reason: 'error_no_vcard_found' }, 'not-found', 'PropertyNotFoundException'],
    [{ reason: "Can't register user a b@x at node n: Malformed username", hint: 'internal' }, 'bad-request', 'IllegalArgumentException'],
    [{ command: 'change_room_option', reason: 'internal_error', hint: 'internal' }, 'bad-request', 'IllegalArgumentException'],
    [{ command: 'change_room_option', reason: '', hint: 'dropped' }, 'bad-request', 'IllegalArgumentException'],
    [{ command: 'muc_online_rooms', reason: 'internal_error', hint: 'internal' }, 'not-found', 'MUCServiceNotFoundException'],
    [{ command: 'get_room_options', reason: '', hint: 'dropped' }, 'not-found', 'RoomNotFoundException'],
    [{ command: 'send_stanza', reason: 'no element found' }, 'bad-request', 'IllegalArgumentException'],
    [{ command: 'kick_user', reason: 'internal_error', hint: 'internal' }, 'upstream-unavailable', 'ServiceUnavailableException'],
    [{ command: 'status', reason: '', hint: 'dropped' }, 'upstream-unavailable', 'ServiceUnavailableException'],
    [{ command: 'status', reason: 'You are not authorized', hint: 'credentials' }, 'upstream-unavailable', 'ServiceUnavailableException'],
    [{ command: 'kick_user', reason: 'unknown_command', hint: 'unknown-command' }, 'not-implemented', 'NotImplementedException'],
  ];
  for (const [input, kind, exception] of table) {
    it(`when ${input.command ?? 'register'} fails with "${input.reason}" (${input.hint ?? 'rejected'}), then it is ${kind} ${exception}`, () => {
      const err = fail(input);
      assert.equal(err.kind, kind, err.message);
      assert.equal(err.exception, exception);
    });
  }

  it('when a lockout command is unknown or drops the connection, then it is not-implemented with the mod_ofgate message', () => {
    for (const hint of ['unknown-command', 'dropped'] as const) {
      const err = fail({ command: 'ofgate_is_locked', hint });
      assert.equal(err.kind, 'not-implemented');
      assert.equal(err.message, 'lockouts need mod_ofgate loaded in ejabberd');
    }
  });

  it('when the error is about a user, group or room, then resource names it', () => {
    assert.equal(fail({ reason: 'x', args: { user: 'bob', host: 'h', password: 'p' } }).resource, 'bob');
    assert.equal(fail({ command: 'destroy_room', reason: "Room doesn't exists", args: { name: 'lobby', service: 's' } }).resource, 'lobby');
  });

  it('when ejabberd echoes a secret argument in its reason, then the message carries *** instead', () => {
    const err = fail({ reason: 'bad password hunter2 given', args: { user: 'a', host: 'h', password: 'hunter2' } });
    assert.doesNotMatch(err.message, /hunter2/);
    assert.match(err.message, /\*\*\*/);
  });
});
