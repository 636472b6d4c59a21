import assert from 'node:assert/strict';
import { systemClock } from '../../../gateway/clock/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

describe('clock', () => {
  describe('system clock', () => {
    it('when after(ms) is set, then fn runs once, no earlier than ms', async () => {
      const start = Date.now();
      let calls = 0;
      await new Promise<void>((resolve) => systemClock.after(20, () => { calls++; resolve(); }));
      assert.ok(Date.now() - start >= 19);
      await new Promise<void>((r) => setTimeout(r, 30));
      assert.equal(calls, 1);
    });

    it('when after(ms) is cancelled before it is due, then fn never runs', async () => {
      let calls = 0;
      const cancel = systemClock.after(5, () => calls++);
      cancel();
      await new Promise<void>((resolve) => systemClock.after(25, resolve));
      assert.equal(calls, 0);
    });

    it('when after(ms) is given a negative ms, then fn runs on the next turn', async () => {
      await new Promise<void>((resolve) => systemClock.after(-100, resolve));
    });
  });

  describe('fake clock', () => {
    const cases: Array<{ name: string; set: (c: ReturnType<typeof createFakeClock>, log: string[]) => void; advance: number[]; want: string[] }> = [
      {
        name: 'when one-shots are due at different times, then they fire in due order, each once',
        set: (c, log) => { c.after(30, () => log.push(`b@${c.now()}`)); c.after(10, () => log.push(`a@${c.now()}`)); },
        advance: [50, 50],
        want: ['a@10', 'b@30'],
      },
      {
        name: 'when a one-shot and a repeating timer are due together, then the one set first fires first',
        set: (c, log) => { c.every(10, () => log.push(`every@${c.now()}`)); c.after(20, () => log.push(`after@${c.now()}`)); },
        advance: [25],
        want: ['every@10', 'every@20', 'after@20'],
      },
      {
        name: 'when a one-shot is not yet due, then advancing short of it fires nothing',
        set: (c, log) => { c.after(100, () => log.push('x')); },
        advance: [99],
        want: [],
      },
      {
        name: 'when a fired callback sets a one-shot due within the same advance, then it fires in that advance',
        set: (c, log) => { c.after(10, () => { log.push(`a@${c.now()}`); c.after(5, () => log.push(`b@${c.now()}`)); }); },
        advance: [20],
        want: ['a@10', 'b@15'],
      },
      {
        name: 'when a one-shot is cancelled, then it never fires',
        set: (c, log) => { const cancel = c.after(10, () => log.push('x')); cancel(); },
        advance: [20],
        want: [],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const c = createFakeClock(0);
        const log: string[] = [];
        tc.set(c, log);
        for (const ms of tc.advance) c.advance(ms);
        assert.deepEqual(log, tc.want);
      });
    }

    it('when a one-shot fired, then it no longer counts as a timer and cancelling it does nothing', () => {
      const c = createFakeClock(0);
      const cancel = c.after(1, () => {});
      assert.equal(c.timers, 1);
      c.advance(1);
      assert.equal(c.timers, 0);
      cancel();
      assert.equal(c.now(), 1);
    });
  });
});
