/**
 * The room pool survives a crash and catches up with ejabberd (issue 24): an ofgate process (the
 * embedded store, as a single install runs) is killed with SIGKILL while its rooms are in every
 * live state (available, staffWaiting, reserved, chatting, lost, closingChat); while it is down
 * people leave, come back and break in, a room of its site appears that it never made, and a
 * stock room disappears. Started again on the same data directory, its records match
 * ejabberd's reality, the intruder is banned, the orphan destroyed, the pool refilled, and every
 * room of the site in ejabberd is one of its live records.
 *
 * The process gets none of the shim's hook events (they go to the in-process world ofgate): what
 * it knows of joins and leaves comes from reconciling with ejabberd's real occupants, at start
 * and in every pass of its bot (rooms.passSeconds 1), which is what this test shows.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { OfgateProcess } from '../harness/ofgate-process.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldProcess } from '../harness/world-process.js';
import { eventually } from '../kit/eventually.js';
import { ejabberdRooms, joinRoom, leaveRoom, MODERN, NS_MUC_USER, person, type Person } from '../kit/roompool-kit.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi } from '../kit/xmpp-test-client.js';

interface Room { name: string; room: string; password: string }

describe('room pool over a SIGKILL and restart (e2e, embedded store)', function () {
  this.timeout(120_000);
  let w: Stack;
  let p: OfgateProcess;
  const site = unique('rpk').slice(0, 14);
  const people: Person[] = [];
  const http = () => request(p.url);
  const admin = (t: request.Test) => t.set('Authorization', w.secret).set('Accept', 'application/json');
  const status = async (name: string): Promise<string> => (await admin(http().get(`${MODERN}/roompool/rooms/${name}`)).expect(200)).body.status as string;
  const reaches = (name: string, want: string, timeoutMs = 15_000) => eventually(async () => (await status(name)) === want, `${name} → ${want}`, timeoutMs);
  const someone = async (prefix: string): Promise<Person> => {
    const x = await person(w, prefix);
    people.push(x);
    return x;
  };
  /** Staff in a room of its own department, joined: staffWaiting (learnt by reconcile). */
  const staffRoom = async (dept: string): Promise<Room & { staff: Person }> => {
    const staff = await someone('rpks');
    const t = (await admin(http().post(`${MODERN}/roompool/staff`)).send({ staff: staff.name, department: dept }).expect(201)).body as Room;
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    await reaches(t.name, 'staffWaiting');
    return { ...t, staff };
  };
  const clientOf = async (r: Room, dept: string, join = true): Promise<Person> => {
    const c = await someone('rpkc');
    const ticket = (await admin(http().post(`${MODERN}/roompool/clients`)).send({ client: c.name, department: dept }).expect(200)).body as { status: string; name: string };
    assert.deepEqual([ticket.status, ticket.name], ['reserved', r.name]);
    if (join) {
      assert.equal(await joinRoom(c, r.room, r.password), 'joined');
      await reaches(r.name, 'chatting');
    }
    return c;
  };

  before(async () => {
    w = await getWorld();
    p = await startWorldProcess(w, 'roompool-restart', {
      'rooms.enabled': true,
      'rooms.site': site,
      'rooms.poolSize': 1,
      'rooms.cleanupSeconds': 600,
      'rooms.allocationTimeoutSeconds': 600,
      'rooms.passSeconds': 1,
    });
  });
  after(async () => {
    await Promise.all(people.map((x) => x.xmpp.stop().catch(() => undefined)));
    await p?.dispose();
    for (const name of await ejabberdRooms(w, site).catch(() => [])) await ejabberdApi(w.ej.apiUrl, 'destroy_room', { name, service: `conference.${w.domain}` }).catch(() => undefined);
  });

  it('when ofgate is killed with rooms in every live state and occupancy changes while it is down, then after the restart its states match ejabberd and no orphan remains', async () => {
    await eventually(async () => (await ejabberdRooms(w, site)).length === 1, 'the stock room made');
    const waitingGone = await staffRoom('d1'); // staffWaiting; its staff leaves while ofgate is down
    const intruded = await staffRoom('d2'); // staffWaiting; an intruder joins while ofgate is down
    const chatLost = await staffRoom('d3'); // chatting; the client leaves while ofgate is down
    const chatLostClient = await clientOf(chatLost, 'd3');
    const lostBack = await staffRoom('d4'); // lost; the client comes back while ofgate is down
    const lostBackClient = await clientOf(lostBack, 'd4');
    await leaveRoom(lostBackClient, lostBack.room, 'tab closed');
    await reaches(lostBack.name, 'lost');
    const closing = await staffRoom('d5'); // closingChat; the staff leaves too while ofgate is down
    const closingClient = await clientOf(closing, 'd5');
    await admin(http().post(`${MODERN}/roompool/rooms/${closing.name}/clean-exit`)).expect(200);
    await leaveRoom(closingClient, closing.room, 'Clean Exit');
    await reaches(closing.name, 'closingChat');
    const reserved = await staffRoom('d6'); // reserved; the client arrives while ofgate is down
    const lateClient = await clientOf(reserved, 'd6', false);
    const steady = await staffRoom('d7'); // chatting, and still so
    await clientOf(steady, 'd7');
    const stockRooms = async () => ((await admin(http().get(`${MODERN}/roompool/rooms?status=available`)).expect(200)).body.rooms as Array<{ name: string; staff?: string }>).filter((r) => !r.staff);
    await eventually(async () => (await stockRooms()).length === 1, 'the stock refilled to 1');
    const stock = (await stockRooms())[0]!.name;

    await p.kill9();

    await leaveRoom(waitingGone.staff, waitingGone.room);
    await leaveRoom(chatLostClient, chatLost.room);
    assert.equal(await joinRoom(lostBackClient, lostBack.room, lostBack.password), 'joined');
    await leaveRoom(closing.staff, closing.room, 'Clean Exit');
    assert.equal(await joinRoom(lateClient, reserved.room, reserved.password), 'joined');
    const mallory = await someone('rpkm');
    assert.equal(await joinRoom(mallory, intruded.room, intruded.password), 'joined');
    const orphan = `${site}_${'e'.repeat(64)}.0`;
    await ejabberdApi(w.ej.apiUrl, 'create_room', { name: orphan, service: `conference.${w.domain}`, host: w.domain });
    await ejabberdApi(w.ej.apiUrl, 'destroy_room', { name: stock, service: `conference.${w.domain}` });
    await eventually(async () => {
      const inEj = await ejabberdRooms(w, site);
      return !inEj.includes(waitingGone.name) && !inEj.includes(closing.name) && !inEj.includes(stock) && inEj.includes(orphan);
    }, 'ejabberd dropped the emptied rooms');

    await p.restart();

    await reaches(waitingGone.name, 'destroyed');
    await reaches(closing.name, 'destroyed');
    await reaches(stock, 'destroyed');
    await reaches(chatLost.name, 'lost');
    await reaches(lostBack.name, 'chatting');
    await reaches(reserved.name, 'chatting');
    await reaches(steady.name, 'chatting');
    assert.equal(await status(intruded.name), 'staffWaiting');
    const kicked = await mallory.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${intruded.room}/${mallory.name}`, 15_000, 'the intruder banned');
    assert.ok(kicked.getChild('x', NS_MUC_USER)?.getChildren('status').some((s) => s.attrs.code === '301'));
    const closingLog = (await admin(http().get(`${MODERN}/roompool/rooms/${closing.name}`)).expect(200)).body.log as Array<{ kind: string; status?: string }>;
    assert.deepEqual(closingLog.filter((l) => l.kind === 'status').map((l) => l.status).slice(-2), ['toDestroy', 'destroyed'], 'closingChat emptied → toDestroy → destroyed');

    // no orphans: every room of the site in ejabberd is a live record, and the pool is refilled
    await eventually(async () => {
      const live = ((await admin(http().get(`${MODERN}/roompool/rooms`)).expect(200)).body.rooms as Array<{ name: string; status: string; staff?: string }>)
        .filter((r) => r.status !== 'destroyed');
      const inEj = await ejabberdRooms(w, site);
      const stockNow = live.filter((r) => r.status === 'available' && !r.staff).length;
      return !inEj.includes(orphan) && stockNow === 1 && inEj.join() === live.map((r) => r.name).sort().join();
    }, 'ejabberd and the records agree, the orphan destroyed, the stock refilled', 20_000);
  });
});
