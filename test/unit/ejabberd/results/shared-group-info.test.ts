import assert from 'node:assert/strict';
import { formatDisplayedGroups, parseSharedGroupInfo } from '../../../../gateway/ejabberd/results/shared-group-info.js';

describe('shared group info', () => {
  it('when srg_get_info lists label, displayed groups and description, then they become SharedGroupInfo', () => {
    const pairs = [
      { key: 'label', value: 'Team' },
      { key: 'displayed_groups', value: 'team\nsales' },
      { key: 'description', value: 'Support' },
      { key: 'all_users', value: 'true' },
    ];
    assert.deepEqual(parseSharedGroupInfo('team', pairs), { name: 'team', label: 'Team', description: 'Support', displayed: ['team', 'sales'] });
  });

  it('when the group has empty values, then label and description are empty and nothing is displayed', () => {
    const pairs = ['label', 'displayed_groups', 'description'].map((key) => ({ key, value: '' }));
    assert.deepEqual(parseSharedGroupInfo('g', pairs), { name: 'g', label: '', description: '', displayed: [] });
  });

  it('when srg_get_info answers nothing (unknown group), then there is no group', () => {
    assert.equal(parseSharedGroupInfo('nope', []), undefined);
  });

  it('when displayed groups are formatted, then they are joined by a literal backslash-n', () => {
    assert.equal(formatDisplayedGroups(['a', 'b']), 'a\\nb');
    assert.equal(formatDisplayedGroups([]), '');
  });

  it('when a displayed name is empty or holds a line break or a literal \\n, then it cannot be formatted', () => {
    for (const bad of [[''], ['a\nb'], ['a\\nb']]) assert.equal(formatDisplayedGroups(bad), undefined);
  });
});
