import assert from 'node:assert/strict';
import type { UserRecord } from '../../../gateway/accounts/index.js';
import type { Principal } from '../../../gateway/auth/index.js';
import { directoryEntry, searchesPropertyValues } from '../../../gateway/chat/index.js';

const ann: UserRecord = { username: 'ann', name: 'Ann Lee', email: 'ann@example.org', properties: [{ key: 'dept', value: 'sales' }] };
const bob: Principal = { kind: 'user', username: 'bob', admin: false };
const boss: Principal = { kind: 'user', username: 'boss', admin: true };
const secret: Principal = { kind: 'secret' };
const off = { showsEmail: false };

describe('chat user directory policy', () => {
  it('when another non-admin reads an account, then user name and name only', () => {
    assert.deepEqual(directoryEntry(bob, ann, off), { username: 'ann', name: 'Ann Lee', email: undefined, properties: [] });
  });

  it('when chat.directoryShowsEmail is on, then the email too, still no properties', () => {
    assert.deepEqual(directoryEntry(bob, ann, { showsEmail: true }), { username: 'ann', name: 'Ann Lee', email: 'ann@example.org', properties: [] });
  });

  it('when the account is the caller\'s own, an admin\'s or the secret\'s view, then every field', () => {
    const self: Principal = { kind: 'user', username: 'ann', admin: false };
    for (const viewer of [self, boss, secret]) assert.deepEqual(directoryEntry(viewer, ann, off), ann);
  });

  it('when a non-admin searches, then property values are not searched; admins and the secret search them', () => {
    assert.deepEqual([bob, boss, secret].map(searchesPropertyValues), [false, true, true]);
  });
});
