import assert from 'node:assert/strict';
import { createUserProperties } from '../../../gateway/accounts/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';

describe('user properties (one owner of the userProperties records)', () => {
  it('when one key is set and removed, then it keeps its place, a new key goes last, and an emptied list is gone', async () => {
    const props = createUserProperties(createMemoryStore());
    await props.replace('alice', [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    await props.set('alice', 'a', 'one');
    await props.set('alice', 'c', '3');
    assert.deepEqual(await props.get('alice'), [{ key: 'a', value: 'one' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
    for (const k of ['a', 'b', 'c', 'missing']) await props.remove('alice', k);
    assert.deepEqual(await props.get('alice'), []);
    assert.deepEqual(await props.usersWith('a'), []);
  });

  it('when two owners of one store write, then each sees the other\'s records (the chat and the admin API share them)', async () => {
    const store = createMemoryStore();
    const admin = createUserProperties(store);
    const chat = createUserProperties(store);
    await chat.set('bob', 'colour', 'Dark Blue');
    assert.deepEqual(await admin.get('bob'), [{ key: 'colour', value: 'Dark Blue' }]);
    assert.deepEqual(await admin.usersWith('colour', 'Dark Blue'), ['bob']);
    assert.deepEqual(await chat.usersWithValueContaining('blue'), ['bob']);
    await Promise.all([chat.set('bob', 'x', '1'), chat.set('bob', 'y', '2')]);
    assert.deepEqual((await admin.get('bob')).map((p) => p.key).sort(), ['colour', 'x', 'y']);
  });
});
