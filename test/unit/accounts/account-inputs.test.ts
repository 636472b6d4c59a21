import assert from 'node:assert/strict';
import { memberJids, isValidGroupName } from '../../../gateway/accounts/group-names.js';
import { mapWithLimit } from '../../../gateway/accounts/map-with-limit.js';
import { checkProperties } from '../../../gateway/accounts/user-properties.js';
import { isGatewayError } from '../../../gateway/errors/index.js';

const rejects = (fn: () => unknown, exception: string) =>
  assert.throws(fn, (e: unknown) => isGatewayError(e) && e.status === 400 && e.exception === exception);

describe('account inputs', () => {
  it('when properties repeat a key, then the last value wins and a missing value is empty', () => {
    assert.deepEqual(checkProperties([{ key: 'a', value: '1' }, { key: 'b' }, { key: 'a', value: '2' }], 'u'), [
      { key: 'a', value: '2' },
      { key: 'b', value: '' },
    ]);
  });

  it('when a property has no key, then it is a 400 IllegalArgumentException', () => {
    rejects(() => checkProperties([{ value: 'v' }], 'u'), 'IllegalArgumentException');
  });

  it('when group members mix names and JIDs, then they become distinct bare JIDs', () => {
    assert.deepEqual(memberJids(['Bob', 'bob@localhost/x', 'c@other.org'], 'localhost', 'g', 'member'), ['bob@localhost', 'c@other.org']);
    assert.deepEqual(memberJids(undefined, 'localhost', 'g', 'admin'), []);
    rejects(() => memberJids(['not a jid'], 'localhost', 'g', 'member'), 'IllegalArgumentException');
  });

  it('when a group name holds a line break or a literal \\n, then it is refused', () => {
    assert.equal(isValidGroupName('Zoë "Q" <&>'), true);
    assert.equal(isValidGroupName('a\nb'), false);
    assert.equal(isValidGroupName('a\\nb'), false);
    assert.equal(isValidGroupName('  '), false);
  });

  it('when items are mapped with a limit, then order is kept and no more than the limit run at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });
});
