import assert from 'node:assert/strict';
import { parseRoomRequest } from '../../../gateway/muc/parse-room-request.js';
import { GatewayError } from '../../../gateway/errors/index.js';

const opts = { domain: 'example.org', defaultOwner: 'admin' };

describe('muc parseRoomRequest', () => {
  it('when only a name is given, then booleans are false, roles empty and admin@domain owns it (ofchat upsert)', () => {
    const r = parseRoomRequest({ roomName: 'Lobby' }, opts);
    assert.equal(r.roomName, 'lobby');
    assert.equal(r.settings.persistent, false);
    assert.equal(r.settings.publicRoom, false);
    assert.equal(r.settings.moderated, false);
    assert.deepEqual(r.settings.broadcastPresenceRoles, []);
    assert.equal(r.settings.allowPM, undefined);
    assert.deepEqual(r.affiliations, { owner: ['admin@example.org'], admin: [], member: [], outcast: [] });
    assert.equal(r.registrationEnabled, false);
    assert.equal(r.subject, undefined);
  });

  it('when lists name users, then bare names get the domain and resources go, in the order given', () => {
    const r = parseRoomRequest({
      roomName: 'r', owners: ['Alice', 'bob@other.net/phone'], members: ['dave@example.org', 'carol'], outcasts: ['eve'],
      ownerGroups: ['Team', 'Team', ' '], memberGroups: ['Guests'],
    }, opts);
    assert.deepEqual(r.affiliations, { owner: ['alice@example.org', 'bob@other.net'], admin: [], member: ['dave@example.org', 'carol@example.org'], outcast: ['eve@example.org'] });
    assert.deepEqual(r.groups, { owner: ['Team'], admin: [], member: ['Guests'], outcast: [] });
  });

  it('when one JID is in two affiliation lists, then 409 NotAllowedException (the plugin\'s rule; nothing is created)', () => {
    assert.throws(() => parseRoomRequest({ roomName: 'r', admins: ['carol'], members: ['carol@example.org'] }, opts), (e: GatewayError) => e.status === 409 && e.exception === 'NotAllowedException');
  });

  it('when roles and allowPM are given in any case, then they are read; unknown ones are a 400', () => {
    const r = parseRoomRequest({ roomName: 'r', broadcastPresenceRoles: ['Moderator', 'visitor', 'visitor'], allowPM: 'None' }, opts);
    assert.deepEqual(r.settings.broadcastPresenceRoles, ['moderator', 'visitor']);
    assert.equal(r.settings.allowPM, 'none');
    assert.throws(() => parseRoomRequest({ roomName: 'r', broadcastPresenceRoles: ['moderator]).'] }, opts), (e: GatewayError) => e.status === 400);
    assert.throws(() => parseRoomRequest({ roomName: 'r', allowPM: 'everyone' }, opts), (e: GatewayError) => e.status === 400);
  });

  it('when the name is missing or not a JID node, or maxUsers negative, then it is a 400', () => {
    for (const bad of [{}, { roomName: '' }, { roomName: 'a b' }, { roomName: 'a@b' }, { roomName: 'x', maxUsers: -1 }, { roomName: 'x', owners: ['a:b'] }]) {
      assert.throws(() => parseRoomRequest(bad, opts), (e: GatewayError) => e.status === 400 && e.exception === 'IllegalArgumentException', JSON.stringify(bad));
    }
  });

  it('when texts carry markup and non-ASCII, then they are kept as given', () => {
    const r = parseRoomRequest({ roomName: 'r', naturalName: '<b>&"ü"</b>', description: "it's", subject: 'Grüße <3', password: 'p&w' }, opts);
    assert.equal(r.settings.naturalName, '<b>&"ü"</b>');
    assert.equal(r.settings.description, "it's");
    assert.equal(r.subject, 'Grüße <3');
    assert.equal(r.settings.password, 'p&w');
  });
});
