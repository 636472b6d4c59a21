/** PUT (replace) and POST (add) on one affiliation list, as pure changes of the room's JIDs and groups. */
import assert from 'node:assert/strict';
import { changeCollection } from '../../../gateway/muc/affiliation-collection.js';

const none = { owner: [], admin: [], member: [], outcast: [] };

describe('affiliation collections', () => {
  const state = {
    jids: { ...none, owner: ['o@x'], member: ['m1@x', 'm2@x'], outcast: ['bad@x'] },
    groups: { ...none, member: ['g1'], admin: ['g2'] },
  };

  it('when members are replaced, then members not named lose it, named ones get it (moving from another kind), other kinds stay', () => {
    const c = changeCollection(state, 'member', { jids: ['m2@x', 'bad@x', 'new@x'], groups: ['g2'] }, 'replace');
    assert.deepEqual(c.jids, { owner: ['o@x'], admin: [], member: ['bad@x', 'm2@x', 'new@x'], outcast: [] });
    assert.deepEqual(c.groups, { owner: [], admin: [], member: ['g2'], outcast: [] });
    assert.deepEqual([c.addedJids, c.addedGroups], [['bad@x', 'new@x'], ['g2']]);
  });

  it('when owners are added, then nobody loses anything and a name given twice counts once', () => {
    const c = changeCollection(state, 'owner', { jids: ['a@x', 'a@x', 'o@x'], groups: [] }, 'add');
    assert.deepEqual(c.jids.owner, ['a@x', 'o@x']);
    assert.deepEqual(c.jids.member, ['m1@x', 'm2@x']);
    assert.deepEqual(c.groups, state.groups);
    assert.deepEqual(c.addedJids, ['a@x']);
  });

  it('when an empty list replaces admins, then only the admins (JIDs and groups) are cleared', () => {
    const c = changeCollection(state, 'admin', { jids: [], groups: [] }, 'replace');
    assert.deepEqual(c.groups, { owner: [], admin: [], member: ['g1'], outcast: [] });
    assert.deepEqual(c.jids, state.jids);
  });
});
