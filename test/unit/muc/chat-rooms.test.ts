import assert from 'node:assert/strict';
import type { EjabberdBackend, RoomAffiliation } from '../../../gateway/ejabberd/index.js';
import { GatewayError } from '../../../gateway/errors/index.js';
import { createAffiliations } from '../../../gateway/muc/affiliations.js';
import { createChatRooms } from '../../../gateway/muc/chat-rooms.js';
import { parseRoomRequest } from '../../../gateway/muc/parse-room-request.js';
import { createRoomRecords } from '../../../gateway/muc/room-records.js';
import type { RoomXmpp } from '../../../gateway/muc/room-xmpp.js';
import { createMemoryStore } from '../../../gateway/store/index.js';

const SERVICE = 'conference.d';

/** Just enough of mod_muc_admin, in memory, recording option and affiliation changes. */
function fakeBackend() {
  const rooms = new Map<string, { options: Record<string, string>; affs: Map<string, RoomAffiliation['affiliation']> }>();
  const calls: string[] = [];
  const groups: Record<string, string[]> = { team: ['a@d', 'b@d'] };
  const room = (name: string) => {
    const r = rooms.get(name);
    if (!r) throw new GatewayError('not-found', 'room not found', { exception: 'RoomNotFoundException' });
    return r;
  };
  const backend = {
    listRooms: async (service: string) => {
      if (service !== SERVICE) throw new GatewayError('not-found', 'MUC service not found', { exception: 'MUCServiceNotFoundException' });
      return [...rooms.keys()].map((n) => `${n}@${service}`);
    },
    createRoom: async (name: string, _s: string, options: Record<string, string>) => {
      calls.push(`create ${name}`);
      rooms.set(name, { options: { ...options }, affs: new Map() });
    },
    getRoomOptions: async (name: string) => (rooms.has(name) ? { ...room(name).options } : undefined),
    setRoomOption: async (name: string, _s: string, option: string, value: string) => {
      calls.push(`option ${option}=${value}`);
      room(name).options[option] = value;
    },
    destroyRoom: async (name: string) => void rooms.delete(name),
    getRoomAffiliations: async (name: string) => [...room(name).affs].map(([jid, affiliation]) => ({ jid, affiliation })),
    setRoomAffiliation: async (name: string, _s: string, jid: string, aff: RoomAffiliation['affiliation']) => {
      calls.push(`aff ${jid}=${aff}`);
      if (aff === 'none') room(name).affs.delete(jid);
      else room(name).affs.set(jid, aff);
    },
    getSharedGroup: async (g: string) => (groups[g] ? { name: g, label: g, description: '', displayed: [] } : undefined),
    getSharedGroupMembers: async (g: string) => groups[g] ?? [],
  } as unknown as EjabberdBackend;
  return { backend, rooms, calls, groups };
}

function setup() {
  const f = fakeBackend();
  const records = createRoomRecords(createMemoryStore());
  const subjects: string[] = [];
  const xmpp: RoomXmpp = { history: async () => [], setSubject: async (_r, s) => void subjects.push(s) };
  let t = 0;
  const rooms = createChatRooms({ backend: f.backend, records, affiliations: createAffiliations(f.backend, records), xmpp, domain: 'd', now: () => new Date(++t * 1000) });
  const put = (e: Record<string, unknown>) => rooms.upsert(SERVICE, parseRoomRequest(e, { domain: 'd', defaultOwner: 'admin' }));
  return { ...f, rooms, put, subjects };
}

describe('muc chat rooms (upsert over a fake ejabberd)', () => {
  it('when a missing room is put, then it is created with its options and subject in one call, owned by admin', async () => {
    const s = setup();
    assert.equal(await s.put({ roomName: 'Lab', naturalName: 'L', subject: 'hi', persistent: true }), true);
    assert.deepEqual(s.calls, ['create lab', 'aff admin@d=owner']);
    assert.equal((await s.backend.getRoomOptions('lab', SERVICE))?.subject, 'hi');
    const view = await s.rooms.get({ name: 'lab', service: SERVICE });
    assert.equal(view.subject, 'hi');
    assert.equal(view.creationDate, '1970-01-01T00:00:01.000Z');
    assert.deepEqual(view.affiliations.owner, ['admin@d']);
  });

  it('when an existing room is put, then only changed options are set, stale affiliations dropped, the subject set over XMPP, creationDate kept', async () => {
    const s = setup();
    await s.put({ roomName: 'lab', naturalName: 'L', persistent: true, members: ['m'], subject: 'one' });
    s.calls.length = 0;
    assert.equal(await s.put({ roomName: 'lab', naturalName: 'L2', persistent: true, owners: ['o'], subject: 'two' }), false);
    assert.deepEqual(s.calls, ['option title=L2', 'aff o@d=owner', 'aff admin@d=none', 'aff m@d=none']);
    assert.deepEqual(s.subjects, ['two']);
    const view = await s.rooms.get({ name: 'lab', service: SERVICE });
    assert.equal(view.creationDate, '1970-01-01T00:00:01.000Z');
    assert.equal(view.modificationDate, '1970-01-01T00:00:02.000Z');
    assert.equal(view.subject, 'two');
  });

  it('when groups are given, then their members get the affiliation in ejabberd, the group is listed, its members only with expandGroups, and the next put replaces it', async () => {
    const s = setup();
    await s.put({ roomName: 'lab', memberGroups: ['team'] });
    let view = await s.rooms.get({ name: 'lab', service: SERVICE });
    assert.deepEqual([view.affiliations.member, view.groups.member], [[], ['team']]);
    assert.deepEqual((await s.rooms.get({ name: 'lab', service: SERVICE }, true)).affiliations.member, ['a@d', 'b@d']);
    assert.ok(s.calls.includes('aff a@d=member') && s.calls.includes('aff b@d=member'), s.calls.join());
    await s.put({ roomName: 'lab', adminGroups: ['team'] });
    view = await s.rooms.get({ name: 'lab', service: SERVICE }, true);
    assert.deepEqual([view.affiliations.admin, view.groups.admin, view.groups.member], [['a@d', 'b@d'], ['team'], []]);
    await assert.rejects(s.put({ roomName: 'lab', ownerGroups: ['ghost'] }), (e: GatewayError) => e.exception === 'GroupNotFoundException');
  });

  it('when a room or a service is unknown, then the 404 names which', async () => {
    const s = setup();
    await assert.rejects(s.rooms.get({ name: 'x', service: SERVICE }), (e: GatewayError) => e.exception === 'RoomNotFoundException' && e.resource === 'x');
    await assert.rejects(s.rooms.get({ name: 'x', service: 'chat.d' }), (e: GatewayError) => e.exception === 'MUCServiceNotFoundException' && e.resource === 'chat');
    await assert.rejects(s.rooms.list('chat.d', { type: 'all' }), (e: GatewayError) => e.exception === 'MUCServiceNotFoundException');
  });

  it('when rooms are listed, then public-only and search on name or title apply, sorted by name', async () => {
    const s = setup();
    await s.put({ roomName: 'b-room', naturalName: 'Sales Desk', publicRoom: true });
    await s.put({ roomName: 'a-room', naturalName: 'Back office' });
    const names = async (q: Parameters<typeof s.rooms.list>[1]) => (await s.rooms.list(SERVICE, q)).map((r) => r.roomName);
    assert.deepEqual(await names({ type: 'public' }), ['b-room']);
    assert.deepEqual(await names({ type: 'all' }), ['a-room', 'b-room']);
    assert.deepEqual(await names({ type: 'all', search: 'OFFICE' }), ['a-room']);
  });
});
