/**
 * The console's reading of GET workgroups/{workgroup}/messages: rows newest first, times from
 * ISO text or epoch ms, the workgroup filled in when the answer leaves it out, entries without
 * an id dropped, any dialect's list shape (array, one object, nothing).
 */
import assert from 'node:assert/strict';
import { offlineMessagesOf } from '../../../web/console/console-model.js';

describe('console model: offline messages', () => {
  it('reads the modern answer newest first, whatever order it came in', () => {
    const rows = offlineMessagesOf({
      messages: [
        { id: 'a', workgroup: 'support', name: 'Ann', email: 'ann@example.com', message: 'Older', createdAt: '2026-01-01T10:00:00.000Z' },
        { id: 'b', workgroup: 'support', email: 'bob@example.com', message: 'Newer', createdAt: Date.parse('2026-01-02T10:00:00.000Z') },
      ],
    }, 'support');
    assert.deepEqual(rows, [
      { id: 'b', workgroup: 'support', name: '', email: 'bob@example.com', message: 'Newer', createdAt: Date.parse('2026-01-02T10:00:00.000Z') },
      { id: 'a', workgroup: 'support', name: 'Ann', email: 'ann@example.com', message: 'Older', createdAt: Date.parse('2026-01-01T10:00:00.000Z') },
    ]);
  });

  it('takes one object (the XML dialect\'s single item), fills in the workgroup, drops entries without an id, puts unknown times last', () => {
    assert.deepEqual(offlineMessagesOf({ message: { id: 'x', email: 'e@example.com', message: 'Hi', createdAt: '2026-01-01T00:00:00Z' } }, 'sales').map((r) => [r.id, r.workgroup]), [['x', 'sales']]);
    const rows = offlineMessagesOf([{ id: 'n', message: 'no time' }, { message: 'no id', createdAt: 1 }, { id: 't', createdAt: 5 }], 'w');
    assert.deepEqual(rows.map((r) => r.id), ['t', 'n']);
    assert.ok(Number.isNaN(rows[1]?.createdAt));
  });

  it('gives no rows for an empty or malformed answer', () => {
    assert.deepEqual(offlineMessagesOf(undefined, 'w'), []);
    assert.deepEqual(offlineMessagesOf({ messages: [] }, 'w'), []);
    assert.deepEqual(offlineMessagesOf('oops', 'w'), []);
  });
});
