/**
 * Transcript retention end to end inside one runtime (memory store, fake clock, the real
 * deadline scheduler, a fake ejabberd): a chat's groupchat messages from the hook bus are kept;
 * when its closed room is archived a retention deadline is armed rooms.keepDays later, and when
 * it fires the bodies are masked (or the transcript deleted).
 */
import assert from 'node:assert/strict';
import { createHookBus, type HookEvent } from '../../../hooks/index.js';
import { loadConfig } from '../../../gateway/config/index.js';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createRoomPoolRuntime } from '../../../gateway/roompool/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createDeadlineScheduler } from '../../../gateway/timers/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const DAY = 86_400_000;

function fakeBackend(): EjabberdBackend {
  const rooms = new Map<string, Array<{ jid: string; nick: string; role: string }>>();
  const partial: Partial<EjabberdBackend> = {
    createRoom: async (name) => void rooms.set(name, []),
    destroyRoom: async (name) => void rooms.delete(name),
    setRoomAffiliation: async () => undefined,
    sendStanza: async () => undefined,
    getRoomOccupants: async (name) => rooms.get(name) ?? [],
    listRooms: async (service) => [...rooms.keys()].map((n) => `${n}@${service}`),
    userExists: async () => true,
  };
  return partial as EjabberdBackend;
}

async function chatAndClose(retention: 'mask' | 'delete') {
  const clock = createFakeClock(Date.parse('2024-03-04T10:00:00Z'));
  const store = createMemoryStore({ clock });
  const deadlines = createDeadlineScheduler({ store, clock, instanceId: 'one', pollMs: 1000 });
  const hooks = createHookBus();
  const config = loadConfig({ env: {}, overrides: { 'xmpp.domain': 'x', 'auth.secret': 's', 'hooks.secret': 'h', 'rooms.enabled': true, 'rooms.poolSize': 0, 'rooms.keepDays': 2, 'rooms.retention': retention } });
  const rt = createRoomPoolRuntime({ config, store, clock, backend: fakeBackend(), events: { publish: () => undefined, subscribe: () => ({ close: () => undefined }) }, deadlines, hooks, leases: undefined, log: silentLogger });
  await deadlines.start();
  const taken = await rt.desk.take({ staff: 'sam' });
  const room = `${taken.name}@conference.x`;
  const envelope = { v: 1 as const, host: 'x', ts: clock.now() };
  const publish = (e: Record<string, unknown>) => hooks.publish({ ...envelope, ...e } as unknown as HookEvent);
  await publish({ id: '1', event: 'muc_join', jid: 'sam@x', resource: 'r', room });
  await rt.desk.request({ client: 'cleo' }, 0);
  await publish({ id: '2', event: 'muc_join', jid: 'cleo@x', resource: 'r', room });
  await publish({ id: '3', event: 'message_sent', from: 'cleo@x/r', to: room, type: 'groupchat', body: 'my card number is 1234' });
  assert.deepEqual((await rt.desk.room(taken.name)).transcript?.messages.map((m) => m.body), ['my card number is 1234']);
  await rt.desk.close(taken.name, 'done');
  await rt.bot.pass(); // archives the closed room and arms its retention
  /** Time passes: due polls and deadlines fire, and what they started finishes. */
  const pass = async (ms: number): Promise<void> => {
    clock.advance(ms);
    for (let i = 0; i < 3; i++) {
      await deadlines.idle();
      clock.advance(0);
    }
    await deadlines.idle();
  };
  return { pass, deadlines, rt, name: taken.name };
}

describe('room pool: transcript retention', () => {
  it('when keepDays pass after a closed room was archived, then its transcript bodies are masked; the room\'s log is kept', async () => {
    const { pass, deadlines, rt, name } = await chatAndClose('mask');
    await pass(2 * DAY - 5000);
    assert.deepEqual((await rt.desk.room(name)).transcript?.messages.map((m) => m.body), ['my card number is 1234'], 'not yet');
    await pass(6000);
    const v = await rt.desk.room(name);
    assert.deepEqual([v.transcript?.masked, v.transcript?.messages.map((m) => m.body)], [true, ['*****']]);
    assert.ok(v.room.log.some((l) => l.kind === 'closed'));
    deadlines.stop();
  });

  it('when retention is delete, then the transcript is gone after keepDays', async () => {
    const { pass, deadlines, rt, name } = await chatAndClose('delete');
    await pass(2 * DAY + 1000);
    assert.equal((await rt.desk.room(name)).transcript, undefined);
    deadlines.stop();
  });
});
