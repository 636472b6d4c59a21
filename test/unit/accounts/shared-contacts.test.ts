import assert from 'node:assert/strict';
import type { RosterEntry, SharedGroupInfo } from '../../../gateway/ejabberd/index.js';
import { groupsOfMember } from '../../../gateway/accounts/group-directory.js';
import { classifyRosterEntry, sharedContactsOf, type GroupSnapshot } from '../../../gateway/accounts/shared-contacts.js';

const group = (name: string, members: string[], displayed: string[], label = name): [string, GroupSnapshot] => {
  const info: SharedGroupInfo = { name, label, description: '', displayed };
  return [name, { info, members }];
};
const entry = (jid: string, groups: string[], nick = ''): RosterEntry => ({ jid, nick, subscription: 'both', ask: '', groups });

describe('shared roster contacts', () => {
  const directory = new Map([
    group('team', ['a@h', 'b@h', 'c@h'], ['team'], 'Team'),
    group('sales', ['a@h', 'd@h'], ['support']),
    group('support', ['e@h', 'a@h'], [], ''),
    group('hidden', ['a@h', 'f@h'], []),
  ]);

  it('when a user is in groups, then it sees the members of the groups they display, under their labels', () => {
    const contacts = sharedContactsOf('a@h', directory);
    assert.deepEqual(Object.fromEntries(contacts), { 'b@h': ['Team'], 'c@h': ['Team'], 'e@h': ['support'] });
  });

  it('when a member is reached through two displayed groups, then it carries both labels once', () => {
    const dir = new Map([group('x', ['a@h', 'b@h'], ['x', 'y'], 'X'), group('y', ['b@h'], [], 'Y')]);
    assert.deepEqual(sharedContactsOf('a@h', dir).get('b@h'), ['X', 'Y']);
  });

  it('when a user is in no group, then it sees no shared contact', () => {
    assert.equal(sharedContactsOf('z@h', directory).size, 0);
  });

  it('when a displayed group does not exist, then it adds nothing', () => {
    assert.equal(sharedContactsOf('a@h', new Map([group('x', ['a@h'], ['gone'])])).size, 0);
  });

  it('when an entry has only shared labels, then it is only shared', () => {
    assert.deepEqual(classifyRosterEntry(entry('b@h', ['Team']), ['Team']), { personalGroups: [], shared: true, onlyShared: true });
  });

  it('when an entry has personal groups beside the labels, then it is shared but editable', () => {
    assert.deepEqual(classifyRosterEntry(entry('b@h', ['Friends', 'Team']), ['Team']), { personalGroups: ['Friends'], shared: true, onlyShared: false });
  });

  it('when an entry is not a shared contact, then it is personal whatever its groups', () => {
    assert.deepEqual(classifyRosterEntry(entry('x@h', ['Team']), undefined), { personalGroups: ['Team'], shared: false, onlyShared: false });
    assert.deepEqual(classifyRosterEntry(entry('x@h', []), undefined), { personalGroups: [], shared: false, onlyShared: false });
  });

  it('when the groups of a member are asked, then explicit memberships are listed sorted', () => {
    assert.deepEqual(groupsOfMember(directory, 'a@h'), ['hidden', 'sales', 'support', 'team']);
    assert.deepEqual(groupsOfMember(directory, 'q@h'), []);
  });
});
