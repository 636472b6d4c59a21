import assert from 'node:assert/strict';
import { createHookBus, createLocalIntake, type HookEvent } from '../../../hooks/index.js';

const ev = (id: string): HookEvent => ({ v: 1, id, host: 'localhost', ts: 1, event: 'user_registered', jid: 'a@localhost' });

describe('hooks local intake', () => {
  it('when a batch is accepted twice, then its events are published once and the second time counted as duplicates', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    bus.subscribeAll((e) => void got.push(e.id));
    const intake = createLocalIntake({ bus });
    assert.deepEqual(await intake.accept([ev('h-b-1'), ev('h-b-2')]), { accepted: 2, duplicates: 0 });
    assert.deepEqual(await intake.accept([ev('h-b-1'), ev('h-b-2'), ev('h-b-3')]), { accepted: 1, duplicates: 2 });
    assert.deepEqual(got, ['h-b-1', 'h-b-2', 'h-b-3']);
  });

  it('when a subscriber is async, then accept resolves only after it finished each event, in batch order', async () => {
    const bus = createHookBus();
    const got: string[] = [];
    bus.subscribeAll(async (e) => {
      await new Promise((r) => setImmediate(r));
      got.push(e.id);
    });
    const intake = createLocalIntake({ bus });
    await intake.accept([ev('x-1'), ev('x-2'), ev('x-3')]);
    assert.deepEqual(got, ['x-1', 'x-2', 'x-3']);
  });

  it('when a retry arrives while the first copy is still being published, then it waits and is answered as duplicates', async () => {
    const bus = createHookBus();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got: string[] = [];
    bus.subscribeAll(async (e) => {
      await gate;
      got.push(e.id);
    });
    const intake = createLocalIntake({ bus });
    const first = intake.accept([ev('r-1')]);
    let retryDone = false;
    const retry = intake.accept([ev('r-1')]).then((r) => {
      retryDone = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(retryDone, false, 'the retry waits for the first copy');
    release();
    assert.deepEqual(await first, { accepted: 1, duplicates: 0 });
    assert.deepEqual(await retry, { accepted: 0, duplicates: 1 });
    assert.deepEqual(got, ['r-1']);
  });

  it('when a subscriber fails, then accept still resolves (the bus reported it) and later events go on', async () => {
    const errors: unknown[] = [];
    const bus = createHookBus({ onError: (e) => errors.push(e) });
    bus.subscribeAll(async (e) => {
      if (e.id === 'f-1') throw new Error('subscriber bug');
    });
    const intake = createLocalIntake({ bus });
    assert.deepEqual(await intake.accept([ev('f-1'), ev('f-2')]), { accepted: 2, duplicates: 0 });
    assert.equal(errors.length, 1);
  });
});
