import assert from 'node:assert/strict';
import { announceInterest, createHookBus, type HookEventName, type HookLog } from '../../../hooks/index.js';

const quiet: HookLog = { debug() {}, info() {}, warn() {}, error() {} };

/** A `tell` that records each call and answers from a script of outcomes (true: told). */
function teller(outcomes: boolean[]) {
  const calls: Array<readonly HookEventName[]> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const tell = async (events: readonly HookEventName[]): Promise<readonly string[]> => {
    calls.push(events);
    for (const w of waiters.filter((x) => calls.length >= x.n)) w.resolve();
    if (outcomes.shift() === false) throw new Error('ejabberd unreachable');
    return events;
  };
  const reached = (n: number): Promise<void> => (calls.length >= n ? Promise.resolve() : new Promise((resolve) => void waiters.push({ n, resolve })));
  return { calls, tell, reached };
}

describe('hooks interest announcer', () => {
  it('when started, then it tells the bus interest once and settles first', async () => {
    const bus = createHookBus();
    bus.subscribe('presence_set', () => {});
    const t = teller([true]);
    const a = announceInterest(bus, t.tell, { log: quiet });
    await a.first;
    a.stop();
    assert.deepEqual(t.calls, [['presence_set']]);
  });

  it('when ejabberd cannot be told, then it retries with back-off until it can', async () => {
    const bus = createHookBus();
    bus.subscribe('session_closed', () => {});
    const t = teller([false, false, true]);
    const a = announceInterest(bus, t.tell, { log: quiet, retryMinMs: 1, retryMaxMs: 4 });
    await a.first;
    await t.reached(3);
    a.stop();
    assert.deepEqual(t.calls, [['session_closed'], ['session_closed'], ['session_closed']]);
  });

  it('when a listener for a new kind comes, then the new interest is told; a second listener of a kind changes nothing', async () => {
    const bus = createHookBus();
    bus.subscribe('presence_set', () => {});
    const t = teller([true, true, true]);
    const a = announceInterest(bus, t.tell, { log: quiet });
    await a.first;
    bus.subscribe('presence_set', () => {});
    bus.subscribe('message_sent', () => {});
    await t.reached(2);
    a.stop();
    assert.deepEqual(t.calls, [['presence_set'], ['presence_set', 'message_sent']]);
  });

  it('when stopped, then interest changes are no longer told', async () => {
    const bus = createHookBus();
    const t = teller([true]);
    const a = announceInterest(bus, t.tell, { log: quiet });
    await a.first;
    a.stop();
    bus.subscribeAll(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(t.calls.length, 1);
  });
});
