/**
 * The pool's rooms in ejabberd (on a fake backend): HelpIM's room options (C.4), the bot as
 * owner, names and passwords from the CSPRNG, escaped ban and destroy requests, a destroy
 * confirmed through the admin API (gone already: success), occupants of a gone room null, and
 * the site's rooms only.
 */
import assert from 'node:assert/strict';
import { GatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { isPoolRoom, newRoomName, newRoomPassword, poolRoomPattern, roomNameOf } from '../../../gateway/roompool/pool-names.js';
import { banRequest, createPoolRooms, destroyRequest, poolRoomOptions, type PoolRoomsOptions } from '../../../gateway/roompool/pool-rooms.js';

type Call = [string, ...unknown[]];

function fakeBackend(fail: Partial<Record<string, GatewayError>> = {}) {
  const calls: Call[] = [];
  const call = async (name: string, ...args: unknown[]): Promise<void> => {
    calls.push([name, ...args]);
    const err = fail[name];
    if (err) throw err;
  };
  const backend: PoolRoomsOptions['backend'] = {
    createRoom: (n, s, o) => call('createRoom', n, s, o),
    destroyRoom: (n, s) => call('destroyRoom', n, s),
    setRoomAffiliation: (n, s, j, a) => call('setRoomAffiliation', n, s, j, a),
    sendStanza: (f, t, x) => call('sendStanza', f, t, x),
    getRoomOccupants: async (n, s) => {
      await call('getRoomOccupants', n, s);
      return [{ jid: 'a@x/r', nick: 'A', role: 'participant' }];
    },
    listRooms: async () => ['site_' + 'a'.repeat(64) + '.0@muc.x', 'other_' + 'a'.repeat(64) + '.0@muc.x', 'lobby@muc.x'],
  };
  return { calls, backend };
}

const options = (backend: PoolRoomsOptions['backend']): PoolRoomsOptions => ({ backend, mucService: 'muc.x', botJid: 'bot@x', botNick: 'HelpIM', site: 'site', persistent: false, groupMaxUsers: 30, log: silentLogger });

describe('room pool: rooms in ejabberd', () => {
  it('when a one-to-one room is made, then its options are HelpIM\'s (C.4) and the bot is set as owner', async () => {
    const { calls, backend } = fakeBackend();
    const room = await createPoolRooms(options(backend)).create('one2one');
    assert.ok(isPoolRoom('site', room.name), room.name);
    assert.match(room.password, /^[0-9a-f]{64}$/);
    const [, name, service, opts] = calls[0] as [string, string, string, Record<string, string>];
    assert.deepEqual([name, service], [room.name, 'muc.x']);
    assert.deepEqual(opts, poolRoomOptions({ site: 'site', botNick: 'HelpIM', persistent: false, groupMaxUsers: 30 }, 'one2one', room.password));
    assert.deepEqual(
      [opts.public, opts.public_list, opts.persistent, opts.password_protected, opts.password, opts.members_only, opts.max_users, opts.anonymous, opts.allow_private_messages, opts.title],
      ['false', 'false', 'false', 'true', room.password, 'false', '3', 'true', 'false', 'site'],
    );
    assert.deepEqual(calls[1], ['setRoomAffiliation', room.name, 'muc.x', 'bot@x', 'owner']);
  });

  it('when a group room is made with persistence on, then max_users is rooms.groupMaxUsers and persistent true', () => {
    const opts = poolRoomOptions({ site: 's', botNick: 'n', persistent: true, groupMaxUsers: 12 }, 'group', 'p');
    assert.deepEqual([opts.max_users, opts.persistent], ['12', 'true']);
  });

  it('when the owner cannot be set, then the new room is destroyed again and the make fails', async () => {
    const { calls, backend } = fakeBackend({ setRoomAffiliation: new GatewayError('upstream-unavailable', 'down') });
    await assert.rejects(createPoolRooms(options(backend)).create('one2one'), /down/);
    assert.equal(calls.at(-1)?.[0], 'destroyRoom');
  });

  it('when names and passwords are drawn, then they are fresh every time and only the site\'s names are its rooms', () => {
    const names = new Set(Array.from({ length: 50 }, () => newRoomName('site')));
    const passwords = new Set(Array.from({ length: 50 }, () => newRoomPassword()));
    assert.deepEqual([names.size, passwords.size], [50, 50]);
    for (const n of names) assert.match(n, /^site_[0-9a-f]{64}\.0$/);
    assert.equal(isPoolRoom('site', `site2_${'a'.repeat(64)}.0`), false);
    assert.equal(isPoolRoom('site', `site_${'a'.repeat(63)}.0`), false);
    assert.equal(isPoolRoom('site', `site_${'A'.repeat(64)}.0`), false);
    assert.equal(roomNameOf('site', `SITE_${'a'.repeat(64)}.0@muc.x`), `site_${'a'.repeat(64)}.0`);
  });

  it('when the shim is asked for the pool\'s room messages, then the pattern matches the site\'s rooms on its service only', () => {
    const re = new RegExp(poolRoomPattern('help-desk', 'MUC.example.org'));
    const room = newRoomName('help-desk');
    assert.ok(re.test(`${room}@muc.example.org`));
    assert.ok(!re.test(`${room}@muc.example.org.evil`));
    assert.ok(!re.test(`${room}@mucxexample.org`));
    assert.ok(!re.test(`other_${'a'.repeat(64)}.0@muc.example.org`));
    assert.ok(!re.test(`help-desk_${'a'.repeat(63)}.0@muc.example.org`));
  });

  it('when an intruder is banned and a room destroyed, then the requests come from the bot and every value is escaped', async () => {
    const { calls, backend } = fakeBackend();
    const rooms = createPoolRooms(options(backend));
    await rooms.kick('site_r.0', 'm@x', 'Go <away> & "stay" \'out\'');
    await rooms.destroy('site_r.0', '</reason><x/>');
    const [ban, destroy] = calls.filter((c) => c[0] === 'sendStanza') as Array<[string, string, string, string]>;
    assert.deepEqual([ban?.[1], ban?.[2]], ['bot@x', 'site_r.0@muc.x']);
    assert.match(ban?.[3] ?? '', /^<iq type="set" id="roompool-[0-9a-f]{12}"><query xmlns="http:\/\/jabber.org\/protocol\/muc#admin"><item affiliation="outcast" jid="m@x"><reason>Go &lt;away&gt; &amp; "stay" 'out'<\/reason><\/item><\/query><\/iq>$/);
    assert.match(destroy?.[3] ?? '', /<query xmlns="http:\/\/jabber.org\/protocol\/muc#owner"><destroy><reason>&lt;\/reason&gt;&lt;x\/&gt;<\/reason><\/destroy><\/query>/);
    assert.equal(calls.at(-1)?.[0], 'destroyRoom', 'the destroy is confirmed through the admin API');
    assert.match(banRequest('a"b@x', 'r'), /jid="a&quot;b@x"/);
    assert.match(destroyRequest('ok'), /<reason>ok<\/reason>/);
  });

  it('when the room is already gone, then destroy succeeds and occupants are null; an unknown MUC service is a failure', async () => {
    const gone = new GatewayError('not-found', 'room not found', { exception: 'RoomNotFoundException' });
    const { backend } = fakeBackend({ destroyRoom: gone, getRoomOccupants: gone });
    const rooms = createPoolRooms(options(backend));
    await rooms.destroy('site_r.0', 'bye');
    assert.equal(await rooms.occupants('site_r.0'), null);
    const noService = fakeBackend({ destroyRoom: new GatewayError('not-found', 'MUC service not found', { exception: 'MUCServiceNotFoundException' }) });
    await assert.rejects(createPoolRooms(options(noService.backend)).destroy('site_r.0', 'bye'), /MUC service/);
  });

  it('when ejabberd lists rooms, then only this site\'s pool rooms are its own', async () => {
    const { backend } = fakeBackend();
    assert.deepEqual(await createPoolRooms(options(backend)).owned(), ['site_' + 'a'.repeat(64) + '.0']);
    assert.deepEqual(await createPoolRooms(options(backend)).occupants('site_r.0'), [{ jid: 'a@x/r', nick: 'A' }]);
  });
});
