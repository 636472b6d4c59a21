import assert from 'node:assert/strict';
import { HOOK_EVENT_NAMES, createHookBus, type HookEventName } from '../../../hooks/index.js';
import { bridgeSelectors, followOperatorEvents } from '../../../gateway/lhc/operator-events.js';
import { silentLogger } from '../../../gateway/log/index.js';

const settings = { hosts: ['localhost', 'help.example.org'], automatedHosting: false, operatorsGroup: 'operators' };

describe('LHC operator events: what the shim is asked to forward', () => {
  const cases = [
    {
      when: 'standalone',
      s: settings,
      toVisitors: { type: 'chat', to: '^visitor\\.[0-9][^@]*@(localhost|help\\.example\\.org)$' },
      toRooms: { type: 'groupchat', fromGroup: 'operators' },
    },
    {
      when: 'automated hosting (the group differs per instance)',
      s: { ...settings, automatedHosting: true },
      toVisitors: { type: 'chat', to: '^visitor\\.[0-9][^@]*@(localhost|help\\.example\\.org)$' },
      toRooms: { type: 'groupchat' },
    },
  ];
  for (const c of cases) {
    it(`when ${c.when}, then chat messages to visitor accounts and operators' groupchat messages are selected`, () => {
      assert.deepEqual(bridgeSelectors(c.s), { toVisitors: c.toVisitors, toRooms: c.toRooms });
    });
  }

  it('when the bridge follows a bus, then the bus asks the shim for only those messages, and for room joins and leaves', () => {
    const bus = createHookBus();
    const never = () => Promise.reject(new Error('not called'));
    const off = followOperatorEvents({
      hooks: bus,
      settings: { ...settings, messageUrl: 'http://lhc/m', statusUrl: null, pingUrl: null, ahBaseDomain: null, ahProtocol: 'https' } as never,
      operators: { isOperator: never, forget: () => undefined },
      rooms: { isBridged: never },
      outbox: {} as never,
      pinger: { track: never, untrack: never },
      now: () => 0,
      log: silentLogger,
    });
    const s = bridgeSelectors(settings);
    assert.deepEqual(bus.selectors(), { message_sent: [s.toVisitors, s.toRooms], message_offline: [s.toVisitors] });
    const read: HookEventName[] = ['presence_set', 'presence_unset', 'session_closed', 'message_sent', 'message_offline', 'muc_join', 'muc_leave'];
    assert.deepEqual(bus.interest(), HOOK_EVENT_NAMES.filter((n) => read.includes(n)));
    off();
    assert.deepEqual(bus.interest(), []);
  });
});

