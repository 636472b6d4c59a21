import assert from 'node:assert/strict';
import { createDedupWindow, splitShimId } from '../../../hooks/index.js';

describe('hooks dedup window', () => {
  it('when an id comes again within the window, then it is reported as seen', () => {
    const w = createDedupWindow(3);
    assert.equal(w.seen('a'), false);
    assert.equal(w.seen('b'), false);
    assert.equal(w.seen('a'), true);
  });

  it('when more ids than the capacity arrive, then the oldest is forgotten first and the size stays bounded', () => {
    const w = createDedupWindow(2);
    w.seen('a');
    w.seen('b');
    w.seen('c');
    assert.equal(w.size, 2);
    assert.equal(w.seen('b'), true);
    assert.equal(w.seen('c'), true);
    assert.equal(w.seen('a'), false);
  });

  it('when ids pass the window several times over, then exactly the newest `capacity` are remembered', () => {
    const w = createDedupWindow(3);
    for (let i = 0; i < 10; i++) assert.equal(w.seen(`id${i}`), false);
    assert.equal(w.size, 3);
    assert.deepEqual([7, 8, 9].map((i) => w.seen(`id${i}`)), [true, true, true]);
    assert.equal(w.seen('id6'), false, 'forgotten, so recorded again');
    assert.deepEqual([8, 9, 6].map((i) => w.seen(`id${i}`)), [true, true, true]);
    assert.equal(w.seen('id7'), false);
  });

  it('when mod_ofgate ids of several hosts and boots interleave, then each id is told apart by prefix and number', () => {
    const w = createDedupWindow(6);
    const ids = ['localhost-AB-7', 'example.org-AB-7', 'localhost-CD-7', 'localhost-AB-8', 'local-host-AB-7', 'localhost-AB-07x'];
    assert.deepEqual(ids.map((id) => w.seen(id)), [false, false, false, false, false, false]);
    assert.deepEqual(ids.map((id) => w.seen(id)), [true, true, true, true, true, true]);
    assert.equal(w.size, 6);
    assert.equal(w.seen('localhost-AB-9'), false);
    assert.equal(w.seen('localhost-AB-7'), false, 'the oldest was forgotten');
    assert.equal(w.seen('localhost-AB-1234567890123456'), false, 'too long for a number: remembered whole');
    assert.equal(w.seen('localhost-AB-1234567890123456'), true);
  });

  it('when the oldest id forgotten is the last of the prefix being added to, then the new id is still remembered', () => {
    const one = createDedupWindow(1);
    assert.equal(one.seen('h-b-1'), false);
    assert.equal(one.seen('h-b-2'), false);
    assert.equal(one.seen('h-b-2'), true, 'capacity 1 keeps the newest');
    const w = createDedupWindow(2);
    w.seen('quiet-b-5');
    w.seen('busy-b-1');
    assert.equal(w.seen('quiet-b-6'), false); // forgets quiet-b-5, the only id of its prefix
    assert.equal(w.seen('quiet-b-6'), true);
  });

  it('when the capacity is not a positive integer, then creation fails', () => {
    assert.throws(() => createDedupWindow(0), RangeError);
    assert.throws(() => createDedupWindow(1.5), RangeError);
  });
});

describe('hooks shim id', () => {
  it('when an id is <host>-<boot>-<seq>, then it splits at the last dash; other shapes give undefined', () => {
    assert.deepEqual(splitShimId('example.com-lq3x9k-1234'), { prefix: 'example.com-lq3x9k', seq: 1234 });
    assert.equal(splitShimId('no-seq-here'), undefined);
    assert.equal(splitShimId('12345'), undefined);
    assert.equal(splitShimId('h-b-1234567890123456'), undefined, 'longer than 15 digits is not read as a number');
  });
});
