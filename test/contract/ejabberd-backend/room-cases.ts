/** Contract cases: MUC rooms through mod_muc_admin, occupants seen through a real XMPP join. */
import assert from 'node:assert/strict';
import { ejabberdApi, xml } from '../../kit/xmpp-test-client.js';
import { rejectsWith, type ContractContext } from './contract-context.js';

export function roomCases(t: ContractContext): void {
  const b = () => t.backend();
  const service = () => `conference.${t.ejabberd().domain}`;

  it('when a room is created with options, then it is listed and its options read back', async () => {
    const room = t.name('room');
    await b().createRoom(room, service(), { title: 'Help desk', persistent: 'true', members_only: 'false' });
    assert.ok((await b().listRooms(service())).includes(`${room}@${service()}`));
    const options = await b().getRoomOptions(room, service());
    assert.equal(options?.title, 'Help desk');
    assert.equal(options?.persistent, 'true');
    assert.equal(options?.members_only, 'false');
  });

  it('when a room option is set, then it reads back changed', async () => {
    const room = t.name('room');
    await b().createRoom(room, service(), {});
    await b().setRoomOption(room, service(), 'title', 'Renamed');
    assert.equal((await b().getRoomOptions(room, service()))?.title, 'Renamed');
  });

  it('when a room exists, then creating it again fails with conflict', async () => {
    const room = t.name('room');
    await b().createRoom(room, service(), {});
    await rejectsWith(b().createRoom(room, service(), {}), 'conflict');
  });

  it('when a room is destroyed, then it is no longer listed and its options are undefined', async () => {
    const room = t.name('room');
    await b().createRoom(room, service(), {});
    await b().destroyRoom(room, service());
    assert.equal((await b().listRooms(service())).includes(`${room}@${service()}`), false);
    assert.equal(await b().getRoomOptions(room, service()), undefined);
  });

  it('when a room does not exist, then options are undefined and every other room call fails with not-found RoomNotFoundException', async () => {
    const room = t.name('noroom');
    assert.equal(await b().getRoomOptions(room, service()), undefined);
    await rejectsWith(b().destroyRoom(room, service()), 'not-found', 'RoomNotFoundException');
    await rejectsWith(b().getRoomOccupants(room, service()), 'not-found', 'RoomNotFoundException');
    await rejectsWith(b().getRoomAffiliations(room, service()), 'not-found', 'RoomNotFoundException');
    await rejectsWith(b().setRoomAffiliation(room, service(), 'a@example.org', 'member'), 'not-found', 'RoomNotFoundException');
    await rejectsWith(b().setRoomOption(room, service(), 'title', 'x'), 'not-found', 'RoomNotFoundException');
  });

  it('when the MUC service does not exist, then listing and creating rooms fail with not-found MUCServiceNotFoundException', async () => {
    const bogus = `nomuc.${t.ejabberd().domain}`;
    await rejectsWith(b().listRooms(bogus), 'not-found', 'MUCServiceNotFoundException');
    await rejectsWith(b().createRoom(t.name('room'), bogus, {}), 'not-found', 'MUCServiceNotFoundException');
  });

  it('when affiliations are set, then they read back as bare JIDs', async () => {
    const room = t.name('room');
    const domain = t.ejabberd().domain;
    await b().createRoom(room, service(), { persistent: 'true' });
    await b().setRoomAffiliation(room, service(), `boss@${domain}`, 'owner');
    await b().setRoomAffiliation(room, service(), `helper@${domain}`, 'member');
    const affs = await b().getRoomAffiliations(room, service());
    assert.deepEqual(
      [...affs].sort((x, y) => x.jid.localeCompare(y.jid)),
      [
        { jid: `boss@${domain}`, affiliation: 'owner' },
        { jid: `helper@${domain}`, affiliation: 'member' },
      ],
    );
  });

  it('when a room option name is unknown to ejabberd, then setRoomOption fails with bad-request and the next call still works', async () => {
    const room = t.name('room');
    await b().createRoom(room, service(), {});
    await rejectsWith(b().setRoomOption(room, service(), 'no_such_option', 'x'), 'bad-request');
    assert.match(await b().status(), /is running/);
  });

  it('when a user joins a room over XMPP, then getRoomOccupants lists its full JID, nick and role', async () => {
    // a room made through the API has no owner, so the first occupant is a plain participant
    const room = t.name('room');
    const user = await t.newUser('occ');
    await b().createRoom(room, service(), {});
    const x = await t.online(user, { resource: 'desk' });
    const roomJid = `${room}@${service()}`;
    await x.send(xml('presence', { to: `${roomJid}/Agent` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    await x.waitFor((el) => el.is('presence') && el.attrs.from === `${roomJid}/Agent`, 5000, 'MUC self-presence');
    assert.deepEqual(await b().getRoomOccupants(room, service()), [{ jid: x.jid, nick: 'Agent', role: 'participant' }]);
  });

  it('when users subscribe to a room (MUC/Sub), then getRoomSubscribers lists their bare JIDs; a room without any lists none', async () => {
    const room = t.name('sub');
    const user = await t.newUser('subr');
    const domain = t.ejabberd().domain;
    await b().createRoom(room, service(), { allow_subscription: 'true' });
    assert.deepEqual(await b().getRoomSubscribers(room, service()), []);
    await ejabberdApi(t.ejabberd().apiUrl, 'subscribe_room', { user: `${user}@${domain}/web`, nick: 'Web', room: `${room}@${service()}`, nodes: 'urn:xmpp:mucsub:nodes:messages' });
    assert.deepEqual(await b().getRoomSubscribers(room, service()), [`${user}@${domain}`]);
  });
}
