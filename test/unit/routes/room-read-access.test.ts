import assert from 'node:assert/strict';
import type { Principal } from '../../../gateway/auth/index.js';
import type { Occupant, RoomView } from '../../../gateway/muc/index.js';
import { canSeeRoom, givenRoomPassword, isOccupant, needsRoomPassword, roomPasswordMatches } from '../../../gateway/routes/chat/room-read-access.js';

const domain = 'localhost';
const none = { owner: [], admin: [], member: [], outcast: [] };
const room = (over: Partial<RoomView>): RoomView => ({
  roomName: 'lab', naturalName: 'Lab', description: '', password: '', persistent: true, publicRoom: true,
  canAnyoneDiscoverJID: false, canOccupantsChangeSubject: false, canOccupantsInvite: false, canChangeNickname: true,
  logEnabled: false, membersOnly: false, moderated: false, broadcastPresenceRoles: [], affiliations: none, groups: none, ...over,
});
const user = (username: string): Principal => ({ kind: 'user', username, admin: false });
const occupant = (real: string): Occupant => ({ jid: `lab@conference.localhost/${real}`, userAddress: real, role: 'participant', affiliation: 'none' });

describe('chat room directory: read access', () => {
  it('when a room is public, then any user sees it; members-only only its affiliated users; outcasts never', () => {
    assert.equal(canSeeRoom(user('eve'), room({}), domain), true);
    const closed = room({ membersOnly: true, affiliations: { ...none, member: ['ann@localhost'] } });
    assert.deepEqual([canSeeRoom(user('eve'), closed, domain), canSeeRoom(user('ann'), closed, domain)], [false, true]);
    assert.equal(canSeeRoom(user('eve'), room({ affiliations: { ...none, outcast: ['eve@localhost'] } }), domain), false);
    assert.equal(canSeeRoom({ kind: 'secret' }, closed, domain), true);
  });

  it('when a room has a password, then only unaffiliated non-admins need it; a room without one needs none', () => {
    const locked = room({ password: 'pw', affiliations: { ...none, member: ['ann@localhost'] } });
    assert.equal(needsRoomPassword(user('eve'), locked, domain), true);
    assert.equal(needsRoomPassword(user('ann'), locked, domain), false);
    assert.equal(needsRoomPassword({ kind: 'user', username: 'boss', admin: true }, locked, domain), false);
    assert.equal(needsRoomPassword({ kind: 'secret' }, locked, domain), false);
    assert.equal(needsRoomPassword(user('eve'), room({}), domain), false);
  });

  it('when the caller is in the room by any resource, then it is an occupant; another user is not', () => {
    const occupants = [occupant('ann@localhost/web'), occupant('bob@localhost/phone')];
    assert.equal(isOccupant(user('ann'), occupants, domain), true);
    assert.equal(isOccupant(user('eve'), occupants, domain), false);
  });

  it('when a password is given, then it matches as sent, as UTF-8 bytes or percent-encoded; never a room without one', () => {
    assert.equal(roomPasswordMatches('pw', 'pw'), true);
    assert.equal(roomPasswordMatches('pW', 'pw'), false);
    assert.equal(roomPasswordMatches('', 'pw'), false);
    assert.equal(roomPasswordMatches(Buffer.from('zoë', 'utf8').toString('latin1'), 'zoë'), true);
    assert.equal(roomPasswordMatches(encodeURIComponent('zoë ü'), 'zoë ü'), true);
    assert.equal(roomPasswordMatches('%E0%A4%A', 'x'), false); // not percent-encoding: no throw
    assert.equal(roomPasswordMatches('', ''), false);
  });

  it('when the header is sent once or twice, then its first value is the password', () => {
    assert.equal(givenRoomPassword({ 'x-room-password': 'a' }), 'a');
    assert.equal(givenRoomPassword({ 'x-room-password': ['a', 'b'] }), 'a');
    assert.equal(givenRoomPassword({}), undefined);
  });
});
