/** Reading workgroup names and member lists from admin input: ofchat's separators, JID local-part rules. */
import assert from 'node:assert/strict';
import { MAX_MEMBERS, parseMembers, workgroupName } from '../../../gateway/fastpath/index.js';

describe('fastpath workgroup names and member lists', () => {
  it('when members are separated by commas, spaces, newlines or both, then each name is trimmed, lower-cased and kept once in order', () => {
    assert.deepEqual(parseMembers(' bob, Alice ,,carol\n dave\tbob '), ['bob', 'alice', 'carol', 'dave']);
    assert.deepEqual(parseMembers(''), []);
    assert.deepEqual(parseMembers(' , '), []);
  });

  it('when a member is not a user name, then 400 names members and quotes it', () => {
    assert.throws(() => parseMembers('bob, a@b'), (e: Error & { status?: number; resource?: string }) => e.status === 400 && e.resource === 'members' && e.message.includes('"a@b"'));
    assert.throws(() => parseMembers('<x>'), { status: 400 });
  });

  it('when a member is a bare JID of ofgate\'s domain, then it counts as its user name; another domain\'s JID is 400', () => {
    assert.deepEqual(parseMembers('Alice@Example.org, bob', 'example.org'), ['alice', 'bob']);
    assert.throws(() => parseMembers('alice@elsewhere.org', 'example.org'), { status: 400, resource: 'members' });
    assert.throws(() => parseMembers('alice@example.org'), { status: 400, resource: 'members' });
  });

  it('when there are more members than allowed, then 400', () => {
    const many = Array.from({ length: MAX_MEMBERS + 1 }, (_, i) => `u${i}`).join(',');
    assert.throws(() => parseMembers(many), { status: 400, resource: 'members' });
  });

  it('when a workgroup name is given, then it is trimmed and lower-cased; a missing or non-local-part name is 400 naming name', () => {
    assert.equal(workgroupName(' Sales '), 'sales');
    for (const bad of [undefined, '', '  ', 'a b', 'a/b', 'a"b', 'x&y', 'a:b', 'a@b', 42]) {
      assert.throws(() => workgroupName(bad), { status: 400, resource: 'name' }, String(bad));
    }
  });
});
