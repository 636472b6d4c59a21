/**
 * Support rooms over a fake ejabberd port: the paths the real server shows only in races (a
 * room still stopping when created again), what an existing room gets set again, destroy and
 * occupants of a room gone, and the exact stanza of the invitation. The e2e test
 * (test/e2e/fastpath-rooms.test.ts) covers the real server.
 */
import assert from 'node:assert/strict';
import type { EjabberdBackend, RoomAffiliation, RoomOccupant } from '../../../gateway/ejabberd/index.js';
import { conflict, GatewayError, notFound } from '../../../gateway/errors/index.js';
import { createSupportRooms, directInvitation, supportRoomOptions } from '../../../gateway/fastpath/support-rooms.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const SERVICE = 'conference.example.org';

interface FakeRoom {
  options: Record<string, string>;
  affiliations: RoomAffiliation[];
  occupants: RoomOccupant[];
}

/** The room part of the port, over one map; `stopping` rooms answer create with a conflict and options with nothing. */
function fakeBackend() {
  const rooms = new Map<string, FakeRoom>();
  const stopping = new Map<string, number>();
  const calls: string[] = [];
  const missing = (name: string) => notFound(`room not found: ${name}`, { exception: 'RoomNotFoundException' });
  const room = (name: string) => {
    const r = rooms.get(name);
    if (!r) throw missing(name);
    return r;
  };
  const backend = {
    async createRoom(name: string, _service: string, options: Readonly<Record<string, string>>) {
      calls.push(`create ${name}`);
      const left = stopping.get(name) ?? 0;
      if (left > 0) {
        stopping.set(name, left - 1);
        throw conflict('room already exists');
      }
      if (rooms.has(name)) throw conflict('room already exists');
      rooms.set(name, { options: { ...options }, affiliations: [], occupants: [] });
    },
    async getRoomOptions(name: string) {
      return (stopping.get(name) ?? 0) > 0 ? undefined : rooms.get(name)?.options;
    },
    async setRoomOption(name: string, _service: string, option: string, value: string) {
      calls.push(`option ${option}=${value}`);
      room(name).options[option] = value;
    },
    async getRoomAffiliations(name: string) {
      return room(name).affiliations;
    },
    async setRoomAffiliation(name: string, _service: string, jid: string, affiliation: RoomAffiliation['affiliation']) {
      calls.push(`affiliation ${jid}=${affiliation}`);
      const r = room(name);
      r.affiliations = [...r.affiliations.filter((a) => a.jid !== jid), ...(affiliation === 'none' ? [] : [{ jid, affiliation }])];
    },
    async destroyRoom(name: string, service: string) {
      if (service !== SERVICE) throw notFound('MUC service not found', { exception: 'MUCServiceNotFoundException' });
      room(name);
      rooms.delete(name);
    },
    async getRoomOccupants(name: string) {
      return room(name).occupants;
    },
    async sendStanza(from: string, to: string, stanza: string) {
      calls.push(`stanza ${from} → ${to}: ${stanza}`);
    },
  };
  return { backend: backend as unknown as EjabberdBackend, rooms, stopping, calls };
}

/** Runs `p` while moving the fake clock on in 50 ms steps, so its pauses end. */
async function driven<T>(p: Promise<T>, clock: FakeClock): Promise<T> {
  let settled = false;
  const done = p.finally(() => {
    settled = true;
  });
  done.catch(() => {});
  for (let i = 0; i < 1000 && !settled; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(50);
  }
  return done;
}

describe('Fastpath support rooms (fake ejabberd port)', () => {
  let fake: ReturnType<typeof fakeBackend>;
  let clock: FakeClock;
  const rooms = (waitMs?: number) =>
    createSupportRooms({ backend: fake.backend, domain: 'Example.org', mucService: SERVICE, log: silentLogger, clock, ...(waitMs === undefined ? {} : { waitMs }) });
  const req = { workgroup: 'sales', agent: 'Alice', visitor: 'Visitor@Guest.example.org' };

  beforeEach(() => {
    fake = fakeBackend();
    clock = createFakeClock();
  });

  it('when a room is created, then it has the support options and exactly the agent (user of the domain) and the visitor as members', async () => {
    await rooms().create('k3j9x2ab7q', req);
    const r = fake.rooms.get('k3j9x2ab7q');
    assert.deepEqual(r?.options, supportRoomOptions('k3j9x2ab7q', 'sales'));
    assert.deepEqual(r?.affiliations, [
      { jid: 'alice@example.org', affiliation: 'member' },
      { jid: 'visitor@guest.example.org', affiliation: 'member' },
    ]);
    assert.equal(rooms().jidOf('k3j9x2ab7q'), `k3j9x2ab7q@${SERVICE}`);
  });

  it('when the room exists with other options and another member, then only the differing options are set and the other member loses its affiliation', async () => {
    await rooms().create('r1', req);
    fake.rooms.get('r1')!.options.public = 'true';
    fake.rooms.get('r1')!.affiliations.push({ jid: 'eve@example.org', affiliation: 'admin' });
    fake.calls.length = 0;
    await rooms().create('r1', req);
    assert.deepEqual(fake.calls, [
      'create r1',
      'option public=false',
      'affiliation eve@example.org=none',
      'affiliation alice@example.org=member',
      'affiliation visitor@guest.example.org=member',
    ]);
  });

  it('when the room is still stopping (a destroy just before), then create tries again until it is gone', async () => {
    fake.stopping.set('r2', 3);
    await driven(rooms().create('r2', req), clock);
    assert.deepEqual(fake.calls.filter((c) => c.startsWith('create')), ['create r2', 'create r2', 'create r2', 'create r2']);
    assert.ok(fake.rooms.has('r2'));
  });

  it('when the room is still stopping past waitMs, then create fails with upstream-timeout', async () => {
    fake.stopping.set('r3', 1_000_000);
    await assert.rejects(driven(rooms(500).create('r3', req), clock), (err: unknown) => err instanceof GatewayError && err.kind === 'upstream-timeout');
    assert.ok(fake.calls.length <= 500 / 50 + 2, `${fake.calls.length} tries`);
  });

  it('when the request id, the agent or the visitor is malformed, then a 400 and no call', async () => {
    for (const [id, r] of [['K3J9', req], ['a-b', req], ['x'.repeat(65), req], ['ok', { ...req, agent: 'a b' }], ['ok', { ...req, visitor: 'guest.example.org' }], ['ok', { ...req, visitor: 'v@g/x' }]] as const) {
      await assert.rejects(rooms().create(id, r), (err: unknown) => err instanceof GatewayError && err.kind === 'bad-request', id);
    }
    assert.deepEqual(fake.calls, []);
  });

  it('when a room is destroyed twice, then both succeed; an unknown MUC service is still an error', async () => {
    await rooms().create('r4', req);
    await rooms().destroy('r4');
    await rooms().destroy('r4');
    assert.equal(fake.rooms.has('r4'), false);
    const elsewhere = createSupportRooms({ backend: fake.backend, domain: 'example.org', mucService: 'nope.example.org', log: silentLogger });
    await assert.rejects(elsewhere.destroy('r4'), (err: unknown) => err instanceof GatewayError && err.exception === 'MUCServiceNotFoundException');
  });

  it('when occupants are asked, then each user once as a bare JID; a room gone has none', async () => {
    await rooms().create('r5', req);
    fake.rooms.get('r5')!.occupants = [
      { jid: 'alice@example.org/desk', nick: 'a', role: 'participant' },
      { jid: 'alice@example.org/phone', nick: 'a2', role: 'participant' },
      { jid: 'visitor@guest.example.org/web', nick: 'v', role: 'participant' },
    ];
    assert.deepEqual(await rooms().occupants('r5'), ['alice@example.org', 'visitor@guest.example.org']);
    assert.deepEqual(await rooms().occupants('gone1'), []);
  });

  it('when the agent is invited, then the room sends a bodiless XEP-0249 invitation to its bare JID with the request id as reason', async () => {
    await rooms().inviteAgent('r6', 'Alice');
    assert.deepEqual(fake.calls, [`stanza r6@${SERVICE} → alice@example.org: <message><x xmlns="jabber:x:conference" jid="r6@${SERVICE}" reason="r6"/></message>`]);
    assert.equal(directInvitation('a"<&\'>@x', 'r"&'), '<message><x xmlns="jabber:x:conference" jid="a&quot;&lt;&amp;&apos;&gt;@x" reason="r&quot;&amp;"/></message>');
  });
});
