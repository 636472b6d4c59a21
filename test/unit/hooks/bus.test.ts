import assert from 'node:assert/strict';
import { HOOK_EVENT_NAMES, createHookBus, type HookEvent } from '../../../hooks/index.js';

const env = { v: 1 as const, host: 'localhost', ts: 1 };
const registered: HookEvent = { ...env, id: 'e1', event: 'user_registered', jid: 'a@localhost' };
const opened: HookEvent = { ...env, id: 'e2', event: 'session_opened', jid: 'a@localhost', resource: 'r' };

describe('hooks bus', () => {
  it('when subscribed by name, then only that event arrives, typed', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    bus.subscribe('session_opened', (e) => void got.push(e.resource));
    await bus.publish(registered);
    await bus.publish(opened);
    assert.deepEqual(got, ['r']);
  });

  it('when subscribed to all, then every event arrives in subscription order with named ones', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    bus.subscribeAll((e) => void got.push(`all:${e.id}`));
    bus.subscribe('user_registered', (e) => void got.push(`named:${e.id}`));
    await bus.publish(registered);
    await bus.publish(opened);
    assert.deepEqual(got, ['all:e1', 'named:e1', 'all:e2']);
  });

  it('when unsubscribed, then nothing more arrives', async () => {
    const bus = createHookBus();
    let n = 0;
    const off = bus.subscribeAll(() => void n++);
    await bus.publish(registered);
    off();
    off();
    await bus.publish(registered);
    assert.equal(n, 1);
  });

  it('when a subscriber throws or rejects, then the others still get the event and the error is reported', async () => {
    const errors: unknown[] = [];
    const bus = createHookBus({ onError: (err) => errors.push(err) });
    const got: string[] = [];
    bus.subscribeAll(() => {
      throw new Error('boom');
    });
    bus.subscribeAll(async () => {
      throw new Error('async boom');
    });
    bus.subscribeAll((e) => void got.push(e.id));
    await bus.publish(registered);
    assert.deepEqual(got, ['e1']);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['boom', 'async boom']);
  });

  it('when a subscriber unsubscribes itself while being called, then the others of that publish still run', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    const off = bus.subscribeAll(() => {
      got.push('first');
      off();
    });
    bus.subscribeAll(() => void got.push('second'));
    await bus.publish(registered);
    await bus.publish(registered);
    assert.deepEqual(got, ['first', 'second', 'second']);
  });

  it('when a subscriber is async, then publish resolves only after it finished, and a slow one holds back none of the others starting', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    bus.subscribeAll(async (e) => {
      got.push(`slow start ${e.id}`);
      await gate;
      got.push(`slow end ${e.id}`);
    });
    bus.subscribeAll((e) => void got.push(`sync ${e.id}`));
    let settled = false;
    const published = bus.publish(registered).then(() => void (settled = true));
    assert.deepEqual(got, ['slow start e1', 'sync e1'], 'every subscriber started synchronously, in order');
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'publish waits for the async subscriber');
    release();
    await published;
    assert.deepEqual(got, ['slow start e1', 'sync e1', 'slow end e1']);
  });

  it('when events are published and awaited one after another, then each subscriber sees them in that order', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    bus.subscribe('user_registered', async (e) => {
      await new Promise((r) => setImmediate(r));
      got.push(e.id);
    });
    for (const id of ['r1', 'r2', 'r3']) await bus.publish({ ...registered, id });
    assert.deepEqual(got, ['r1', 'r2', 'r3']);
  });

  it('when nobody listens to an event, then publish resolves at once', async () => {
    const bus = createHookBus();
    bus.subscribe('muc_join', () => assert.fail('not this kind'));
    await bus.publish(registered);
  });

  it('when listeners come and go, then interest names the kinds listened to, all of them while one takes all', () => {
    const bus = createHookBus();
    assert.deepEqual(bus.interest(), []);
    const offMuc = bus.subscribe('muc_join', () => {});
    bus.subscribe('session_closed', () => {});
    assert.deepEqual(bus.interest(), ['session_closed', 'muc_join']);
    const offAll = bus.subscribeAll(() => {});
    assert.deepEqual(bus.interest(), HOOK_EVENT_NAMES);
    offAll();
    offMuc();
    assert.deepEqual(bus.interest(), ['session_closed']);
  });

  it('when interest changes, then watchers hear it; a change that leaves it the same is not reported', () => {
    const bus = createHookBus();
    let changes = 0;
    const off = bus.onInterestChange(() => void changes++);
    const a = bus.subscribe('muc_join', () => {});
    const b = bus.subscribe('muc_join', () => {});
    a();
    assert.equal(changes, 1, 'the first muc_join listener only');
    b();
    assert.equal(changes, 2, 'the last one gone');
    off();
    bus.subscribeAll(() => {});
    assert.equal(changes, 2);
  });

  describe('message selectors', () => {
    const visitors = { type: 'chat' as const, to: '^visitor\\.[0-9][^@]*@(localhost)$' };
    const rooms = { type: 'groupchat' as const, fromGroup: 'operators' };
    const cases: Array<{ when: string; subscribe: (bus: ReturnType<typeof createHookBus>) => void; selectors: object }> = [
      { when: 'nobody reads messages', subscribe: () => {}, selectors: {} },
      { when: 'one subscriber gives a selector', subscribe: (b) => b.subscribe('message_sent', () => {}, visitors), selectors: { message_sent: [visitors] } },
      {
        when: 'two subscribers give selectors (one twice)',
        subscribe: (b) => {
          b.subscribe('message_sent', () => {}, visitors);
          b.subscribe('message_sent', () => {}, rooms);
          b.subscribe('message_sent', () => {}, { ...visitors });
        },
        selectors: { message_sent: [visitors, rooms] },
      },
      {
        when: 'one subscriber of the kind gives none',
        subscribe: (b) => {
          b.subscribe('message_sent', () => {}, visitors);
          b.subscribe('message_sent', () => {});
          b.subscribe('message_offline', () => {}, visitors);
        },
        selectors: { message_offline: [visitors] },
      },
      {
        when: 'a listener takes every kind',
        subscribe: (b) => {
          b.subscribe('message_sent', () => {}, visitors);
          b.subscribeAll(() => {});
        },
        selectors: {},
      },
    ];
    for (const c of cases) {
      it(`when ${c.when}, then selectors() is ${JSON.stringify(c.selectors)}`, () => {
        const bus = createHookBus();
        c.subscribe(bus);
        assert.deepEqual(bus.selectors(), c.selectors);
      });
    }

    it('when a selector comes or goes, then watchers hear it even though the kinds stay the same', () => {
      const bus = createHookBus();
      bus.subscribe('message_sent', () => {}, visitors);
      let changes = 0;
      bus.onInterestChange(() => void changes++);
      const off = bus.subscribe('message_sent', () => {}, rooms);
      assert.equal(changes, 1);
      off();
      assert.equal(changes, 2);
      assert.deepEqual(bus.interest(), ['message_sent']);
    });

    it('when a selector is given, then the listener still receives every message of the kind (a hint to the shim, not a filter)', async () => {
      const bus = createHookBus();
      const got: string[] = [];
      bus.subscribe('message_sent', (e) => void got.push(e.to), visitors);
      await bus.publish({ ...env, id: 'm1', event: 'message_sent', from: 'a@localhost/r', to: 'bob@localhost', type: 'chat', body: 'hi' });
      assert.deepEqual(got, ['bob@localhost']);
    });
  });
});
