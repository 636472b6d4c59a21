/**
 * One socket write per turn (io/turn-writes.ts): one hold per writable and turn, released in the
 * check phase or sooner, never twice.
 */
import assert from 'node:assert/strict';
import { holdWritesForTurn, releaseWrites } from '../../../gateway/io/index.js';
import { recordingWritable as recording } from '../../kit/recording-writable.js';

const checkPhase = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('io: writes held for a turn', () => {
  it('when held twice in a turn and written three times, then one cork, and the three leave together in the check phase', async () => {
    const { w, writes } = recording();
    holdWritesForTurn(w);
    holdWritesForTurn(w);
    assert.equal(w.writableCorked, 1);
    for (const s of ['a', 'b', 'c']) w.write(s);
    assert.deepEqual(writes, []);
    await checkPhase();
    assert.deepEqual(writes, [['a', 'b', 'c']]);
    assert.equal(w.writableCorked, 0);
  });

  it('when released early (a response about to end), then the writes go at once and the check phase uncorks nothing more', async () => {
    const { w, writes } = recording();
    holdWritesForTurn(w);
    w.write('last');
    releaseWrites(w);
    assert.deepEqual(writes, [['last']]);
    w.cork(); // someone else's hold must survive the check phase
    await checkPhase();
    assert.equal(w.writableCorked, 1);
    releaseWrites(w); // not held by us: nothing
    assert.equal(w.writableCorked, 1);
  });

  it('when held again in the turn it was released, then it is held once more and the check phase lets it go', async () => {
    const { w, writes } = recording();
    holdWritesForTurn(w);
    releaseWrites(w);
    holdWritesForTurn(w);
    w.write('again');
    assert.deepEqual(writes, []);
    await checkPhase();
    assert.deepEqual(writes, [['again']]);
    assert.equal(w.writableCorked, 0);
  });

  it('when the writable is destroyed, then it is not held', () => {
    const { w } = recording();
    w.destroy();
    holdWritesForTurn(w);
    assert.equal(w.writableCorked, 0);
  });
});
