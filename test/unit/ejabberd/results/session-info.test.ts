import assert from 'node:assert/strict';
import { toSessionInfo, toUserSessionInfo } from '../../../../gateway/ejabberd/results/session-info.js';

describe('session info', () => {
  const row = { connection: 'c2s', ip: '127.0.0.1', port: 41752, priority: 5, node: 'n', uptime: 3, status: 'away', resource: 'desk', statustext: 'lunch' };

  it('when a connected_users_info row is read, then the user comes from its jid and statustext becomes statusText', () => {
    assert.deepEqual(toSessionInfo({ ...row, jid: 'alice@example.org/desk' }), {
      jid: 'alice@example.org/desk',
      user: 'alice',
      resource: 'desk',
      connection: 'c2s',
      ip: '127.0.0.1',
      port: 41752,
      priority: 5,
      status: 'away',
      statusText: 'lunch',
      uptime: 3,
    });
  });

  it('when a user_sessions_info row is read, then the jid is rebuilt from user, host and resource', () => {
    const s = toUserSessionInfo('bob', 'example.org', row);
    assert.equal(s.jid, 'bob@example.org/desk');
    assert.equal(s.user, 'bob');
  });
});
