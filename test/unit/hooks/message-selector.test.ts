import assert from 'node:assert/strict';
import { literalPattern, selectorPattern, selectorsWire } from '../../../hooks/index.js';

describe('hooks message selectors', () => {
  it('when a host has regex characters, then the pattern matches it literally', () => {
    const re = new RegExp(selectorPattern('visitor\\.[0-9]', ['help-desk.example.org', 'Other.ORG']));
    assert.ok(re.test('visitor.12@help-desk.example.org'));
    assert.ok(re.test('visitor.12.chat.inst-1@other.org'));
    assert.ok(!re.test('visitor.12@help-deskxexample.org'), 'a dot is not any character');
    assert.ok(!re.test('visitorx12@help-desk.example.org'));
    assert.ok(!re.test('visitor.ab@help-desk.example.org'));
    assert.ok(!re.test('bob@help-desk.example.org'));
    assert.ok(!re.test('visitor.12@help-desk.example.org.evil'));
  });

  it('when any character is escaped, then the literal pattern matches exactly that text', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q';
    assert.ok(new RegExp(`^${literalPattern(text)}$`).test(text));
  });

  it('when put on the wire, then fields are snake_case and absent ones are left out', () => {
    assert.deepEqual(selectorsWire({ message_sent: [{ type: 'chat', to: '^v', fromGroup: 'ops' }, { type: 'groupchat' }] }), {
      message_sent: [{ type: 'chat', to: '^v', from_group: 'ops' }, { type: 'groupchat' }],
    });
  });
});
