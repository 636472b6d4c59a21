import assert from 'node:assert/strict';
import { startIdleSweeper, sweepIdle } from '../../../gateway/chat/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

describe('chat idle expiry', () => {
  it('when users are idle long enough and nobody listens, then exactly they are returned', () => {
    const last = new Map([['a', 0], ['b', 500], ['c', 0]]);
    const idle = sweepIdle(last, 1000, 1000, (u) => u === 'c');
    assert.deepEqual(idle, ['a']);
    assert.equal(last.get('c'), 1000, 'a listened-to stream counts as used now');
  });

  it('when a stream is used by REST calls or watched over SSE, then it is kept; once both stop, it expires after the idle time', () => {
    const clock = createFakeClock(0);
    const expired: string[] = [];
    let listening = false;
    const s = startIdleSweeper({ idleMs: 60_000, clock, listening: () => listening, expire: (u) => expired.push(u) });
    s.touch('alice');
    clock.advance(45_000);
    s.touch('alice'); // a REST call
    clock.advance(45_000);
    assert.deepEqual(expired, []);
    listening = true;
    clock.advance(10 * 60_000);
    assert.deepEqual(expired, []);
    listening = false; // the SSE stream went away: the full window starts now
    clock.advance(45_000);
    assert.deepEqual(expired, []);
    clock.advance(30_000);
    assert.deepEqual(expired, ['alice']);
    clock.advance(10 * 60_000);
    assert.deepEqual(expired, ['alice'], 'expired once');
    s.stop();
    assert.equal(clock.timers, 0);
  });

  it('when idleMs is 0, then nothing is scheduled and nothing expires', () => {
    const clock = createFakeClock(0);
    const s = startIdleSweeper({ idleMs: 0, clock, listening: () => false, expire: () => assert.fail('expired') });
    s.touch('alice');
    clock.advance(10 * 86_400_000);
    assert.equal(clock.timers, 0);
  });
});
