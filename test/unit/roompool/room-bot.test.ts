/**
 * The bot's pass on a memory store and a fake ejabberd: the stock topped up for the types in
 * use only; a room of the site without a record destroyed when a second pass still finds it; a
 * closed room destroyed (again) in ejabberd before it is archived; records reconciled with
 * ejabberd's occupants; nothing done without the lease; effects' events published on the
 * pool's channel and deadlines armed by id.
 */
import assert from 'node:assert/strict';
import { silentLogger } from '../../../gateway/log/index.js';
import { createEffectRunner, RESERVATION_KIND } from '../../../gateway/roompool/effect-runner.js';
import { DEFAULT_SETTINGS, type Occupant, type RoomType } from '../../../gateway/roompool/machine/index.js';
import { newRoomName } from '../../../gateway/roompool/pool-names.js';
import type { PoolRooms } from '../../../gateway/roompool/pool-rooms.js';
import { createPoolService, type ArchivedRoom, type PoolService } from '../../../gateway/roompool/pool-service.js';
import { createRoomBot } from '../../../gateway/roompool/room-bot.js';
import type { ChatEvent } from '../../../gateway/sse/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

/** ejabberd's rooms: name → occupants. */
function fakeEjabberd() {
  const rooms = new Map<string, Occupant[]>();
  const destroyed: string[] = [];
  const api: PoolRooms = {
    jidOf: (n) => `${n}@muc.x`,
    async create(type: RoomType) {
      const name = newRoomName('site');
      rooms.set(name, []);
      return { name, type, password: 'p' };
    },
    async destroy(name) {
      destroyed.push(name);
      rooms.delete(name);
    },
    async kick() {},
    async grantModerator() {},
    occupants: async (name) => rooms.get(name) ?? null,
    owned: async () => [...rooms.keys()],
  };
  return { rooms, destroyed, api };
}

function setup(opts: { groupRooms?: boolean; holds?: boolean } = {}) {
  const clock = createFakeClock();
  const ej = fakeEjabberd();
  const archived: ArchivedRoom[] = [];
  const service: PoolService = createPoolService({ store: createMemoryStore({ clock }), clock, site: 'site', defaults: { ...DEFAULT_SETTINGS, enabled: true, poolSize: 2, groupRooms: opts.groupRooms ?? false }, onEffects: () => undefined });
  const leases = opts.holds === false ? { acquire: async () => false, holds: () => false, release: async () => false } : undefined;
  const bot = createRoomBot({ service, rooms: ej.api, clock, leases, botJid: 'bot@x', passMs: 0, archived: async (a) => void archived.push(...a), log: silentLogger });
  return { clock, ej, service, bot, archived };
}

describe('room pool: the bot\'s pass', () => {
  it('when a pass runs, then the stock is topped up to poolSize for one-to-one rooms only, group rooms too when in use', async () => {
    const one = setup();
    await one.bot.pass();
    assert.deepEqual(Object.values((await one.service.state()).rooms).map((r) => r.type), ['one2one', 'one2one']);
    assert.equal(one.ej.rooms.size, 2);
    const both = setup({ groupRooms: true });
    await both.bot.pass();
    assert.deepEqual(Object.values((await both.service.state()).rooms).map((r) => r.type).sort(), ['group', 'group', 'one2one', 'one2one']);
  });

  it('when ejabberd holds a room of the site without a record, then the first pass spares it and the second destroys it', async () => {
    const { ej, bot } = setup();
    const orphan = newRoomName('site');
    ej.rooms.set(orphan, []);
    await bot.pass();
    assert.ok(ej.rooms.has(orphan));
    await bot.pass();
    assert.ok(!ej.rooms.has(orphan));
  });

  it('when a closed room is still in ejabberd, then the pass destroys it and moves it to the history', async () => {
    const { ej, service, bot, archived } = setup();
    await bot.pass();
    const name = Object.keys((await service.state()).rooms)[0] as string;
    await service.apply({ type: 'close', room: name, reason: 'done' });
    await bot.pass();
    assert.ok(ej.destroyed.includes(name) && !ej.rooms.has(name));
    assert.equal((await service.state()).rooms[name], undefined);
    assert.deepEqual(archived.map((a) => a.room.name), [name]);
  });

  it('when a taken room\'s staff is inside ejabberd, then the pass reconciles it to staffWaiting; an emptied one is toDestroy then destroyed', async () => {
    const { ej, service, bot } = setup();
    await bot.pass();
    const t = await service.apply({ type: 'take', staff: 'sam@x', roomType: 'one2one', priority: 10, department: null, invitee: null, fresh: null });
    const name = t.result.kind === 'taken' ? t.result.room : '';
    ej.rooms.set(name, [{ jid: 'sam@x/desk', nick: 'Sam' }, { jid: 'bot@x/x', nick: 'bot' }]);
    await bot.pass();
    assert.deepEqual((await service.state()).rooms[name]?.present, ['sam@x/desk'], 'the bot\'s own JID is never a participant');
    assert.equal((await service.state()).rooms[name]?.status, 'staffWaiting');
    ej.rooms.delete(name);
    await bot.pass();
    assert.equal((await service.archived(name))?.room.status, 'destroyed');
  });

  it('when another instance holds the bot\'s lease, then a pass does nothing', async () => {
    const { ej, bot, service } = setup({ holds: false });
    await bot.pass();
    assert.equal(ej.rooms.size, 0);
    assert.deepEqual((await service.state()).rooms, {});
  });

  it('when effects are carried out, then events go to the pool\'s channel, reservations are armed and cancelled by room, failures do not stop the rest, refill runs once', async () => {
    const published: Array<[string, ChatEvent]> = [];
    const scheduled: unknown[][] = [];
    let refills = 0;
    const run = createEffectRunner({
      site: 'site',
      rooms: { jidOf: (n) => `${n}@muc.x`, kick: async () => { throw new Error('ejabberd down'); }, destroy: async () => {}, grantModerator: async () => {} },
      deadlines: { schedule: async (...a: unknown[]) => void scheduled.push(['schedule', ...a]), cancel: async (...a: unknown[]) => (scheduled.push(['cancel', ...a]), true) },
      events: { publish: (u, e) => void published.push([u, e]) },
      refill: () => void refills++,
      log: silentLogger,
    });
    await run([
      { type: 'refill' },
      { type: 'kick', room: 'r', jid: 'm@x', reason: 'no' },
      { type: 'scheduleReservation', room: 'r', ticket: 't', at: 5 },
      { type: 'matched', ticket: 't', client: 'c@x', room: 'r', password: 'pw', expiresAt: 5 },
      { type: 'cancelReservation', room: 'r' },
      { type: 'refill' },
    ]);
    assert.deepEqual(published.map(([u, e]) => [u, e.name, e.data.type]), [['roompool:site', 'chatapi.notify', 'roompool.kick'], ['roompool:site', 'chatapi.notify', 'roompool.match']]);
    assert.deepEqual(published[1]?.[1].data, { type: 'roompool.match', ticket: 't', client: 'c@x', room: 'r@muc.x', name: 'r', password: 'pw', expiresAt: new Date(5).toISOString() });
    assert.deepEqual(scheduled, [['schedule', RESERVATION_KIND, 'site:r', 5, { site: 'site', room: 'r', ticket: 't' }], ['cancel', RESERVATION_KIND, 'site:r']]);
    assert.equal(refills, 1);
  });
});
