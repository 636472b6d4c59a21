/**
 * GET chat/rooms…: any user may read the directory, but only what it may see (public rooms
 * and rooms it is affiliated with), without room passwords or undisclosed real JIDs; inside a
 * password-protected room, only with its password (or an affiliation).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

describe('chat room directory (e2e)', () => {
  let w: Stack;
  const pw = 'pw';
  let member: string;
  let stranger: string;
  let open: string;
  let hidden: string;

  before(async () => {
    w = await getWorld();
    member = unique('dm');
    stranger = unique('ds');
    open = unique('dopen');
    hidden = unique('dhid');
    await registerUser(w.ej.apiUrl, w.domain, member, pw);
    await registerUser(w.ej.apiUrl, w.domain, stranger, pw);
    const create = (room: Record<string, unknown>) =>
      request(w.url).post('/plugins/restapi/v1/chatrooms').set('Authorization', w.secret).send(room).expect(201);
    await create({ roomName: open, naturalName: 'Open <&> room', description: 'public', persistent: true, publicRoom: true, password: 'roompw' });
    await create({ roomName: hidden, naturalName: 'Hidden', description: 'members only', persistent: true, publicRoom: false, membersOnly: true, members: [`${member}@${w.domain}`] });
  });

  const list = (auth: string, query = '') =>
    request(w.url).get(`/plugins/restapi/v1/chat/rooms${query}`).set('Authorization', auth).set('Accept', 'application/json');

  it('when a user lists rooms, then public rooms appear and hidden rooms it is not in do not', async () => {
    const res = await list(basic(stranger, pw), `?search=${open.slice(0, 6)}`);
    assert.equal(res.status, 200);
    const names = (res.body.chatRooms as Array<{ roomName: string }>).map((r) => r.roomName);
    assert.ok(names.includes(open), JSON.stringify(names));
    const all = await list(basic(stranger, pw));
    assert.ok(!(all.body.chatRooms as Array<{ roomName: string }>).some((r) => r.roomName === hidden));
  });

  it('when a member lists rooms, then the members-only room it belongs to appears', async () => {
    const res = await list(basic(member, pw));
    assert.ok((res.body.chatRooms as Array<{ roomName: string }>).some((r) => r.roomName === hidden));
  });

  it('when a stranger asks for a hidden room, then 404 RoomNotFoundException (its existence is not disclosed)', async () => {
    const res = await request(w.url).get(`/restapi/v1/chat/rooms/${hidden}`).set('Authorization', basic(stranger, pw)).set('Accept', 'application/json');
    assert.equal(res.status, 404);
    assert.equal(res.body.exception, 'RoomNotFoundException');
    const mine = await request(w.url).get(`/restapi/v1/chat/rooms/${hidden}`).set('Authorization', basic(member, pw)).set('Accept', 'application/json');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.roomName, hidden);
  });

  it('when a user reads a room, then the room password is not shown; an admin sees it', async () => {
    const user = await request(w.url).get(`/restapi/v1/chat/rooms/${open}`).set('Authorization', basic(stranger, pw)).set('Accept', 'application/json');
    assert.equal(user.status, 200);
    assert.equal(user.body.password, undefined);
    assert.equal(user.body.naturalName, 'Open <&> room');
    const admin = await request(w.url).get(`/restapi/v1/chat/rooms/${open}`).set('Authorization', w.secret).set('Accept', 'application/json');
    assert.equal(admin.body.password, 'roompw');
  });

  it('when a user asks for type=all, then 403; an admin gets every room', async () => {
    assert.equal((await list(basic(stranger, pw), '?type=all')).status, 403);
    const admin = await list(w.secret, '?type=all');
    const names = (admin.body.chatRooms as Array<{ roomName: string }>).map((r) => r.roomName);
    assert.ok(names.includes(hidden) && names.includes(open));
  });

  it('when nobody is asking, then 401', async () => {
    assert.equal((await request(w.url).get('/restapi/v1/chat/rooms')).status, 401);
  });

  it('when participants and occupants of a visible room are asked, then empty lists come back for an empty room (its password given: the room has one)', async () => {
    const bare = await request(w.url).get(`/plugins/restapi/v1/chat/rooms/${open}/participants?servicename=conference`).set('Authorization', basic(stranger, pw)).set('Accept', 'application/json');
    assert.equal(bare.status, 403); // password-protected: see hardening-policy.test.ts
    const p = await request(w.url).get(`/plugins/restapi/v1/chat/rooms/${open}/participants?servicename=conference`).set('Authorization', basic(stranger, pw)).set('X-Room-Password', 'roompw').set('Accept', 'application/json');
    assert.equal(p.status, 200);
    assert.deepEqual(p.body.participants, []);
    const o = await request(w.url).get(`/plugins/restapi/v1/chat/rooms/${hidden}/occupants`).set('Authorization', basic(stranger, pw)).set('Accept', 'application/json');
    assert.equal(o.status, 404);
  });
});
