import assert from 'node:assert/strict';
import { parseHistoryDate, parseHistoryQuery, roomJid } from '../../../gateway/chat/index.js';
import { isGatewayError } from '../../../gateway/errors/index.js';

describe('chat history query', () => {
  it('when dates are MM/dd/yy, then start is that day 00:00 UTC and end the last millisecond of its day', () => {
    assert.equal(parseHistoryDate('05/01/24', 'start').toISOString(), '2024-05-01T00:00:00.000Z');
    assert.equal(parseHistoryDate('5/1/2024', 'end').toISOString(), '2024-05-01T23:59:59.999Z');
  });
  it('when a date contains T, then it is an ISO-8601 instant', () => {
    assert.equal(parseHistoryDate('2024-05-01T10:00:00+02:00', 'start').toISOString(), '2024-05-01T08:00:00.000Z');
  });
  it('when a date is malformed or impossible, then 400', () => {
    for (const bad of ['yesterday', '13/45/24', '2024-13-99Tx']) {
      assert.throws(() => parseHistoryDate(bad, 'start'), (e: unknown) => isGatewayError(e) && e.status === 400);
    }
  });
  it('when to is a user name or a room is given, then JIDs are built for the domain and MUC service', () => {
    assert.deepEqual(parseHistoryQuery({ to: 'Bob', keywords: ' ' }, 'localhost', 'conference'), { with: 'bob@localhost', start: undefined, end: undefined, room: undefined, keywords: undefined });
    const q = parseHistoryQuery({ room: 'Lab', service: 'muc', to: 'bob' }, 'localhost', 'conference');
    assert.equal(q.room, 'lab@muc.localhost');
    assert.equal(q.with, undefined);
  });
  it('when start is after end, then 400', () => {
    assert.throws(() => parseHistoryQuery({ start: '05/02/24', end: '05/01/24' }, 'localhost', 'conference'), (e: unknown) => isGatewayError(e) && e.status === 400);
  });
});

describe('chat room addresses', () => {
  it('when service is a subdomain, a full service JID or absent, then the room JID is built accordingly', () => {
    assert.equal(roomJid('Lab', undefined, 'localhost', 'conference'), 'lab@conference.localhost');
    assert.equal(roomJid('lab', 'muc', 'localhost', 'conference'), 'lab@muc.localhost');
    assert.equal(roomJid('lab', 'conference.localhost', 'localhost', 'conference'), 'lab@conference.localhost');
    assert.throws(() => roomJid('a/b', undefined, 'localhost', 'conference'), (e: unknown) => isGatewayError(e) && e.status === 400);
  });
});
