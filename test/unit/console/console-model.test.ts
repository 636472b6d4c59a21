/**
 * The agent console's pure parts: offers, room events and queue rows read from the API's
 * payloads, countdowns, the outgoing typing states, and the SSE frame reader.
 */
import assert from 'node:assert/strict';
import { listOf, offerOf, queueRowsOf, roomEventOf, secondsLeft, supportRoomJid, timeOf, TypingNotice, visitorName } from '../../../web/console/console-model.js';
import { SseFrameReader } from '../../../web/console/sse-frames.js';

describe('console model', () => {
  it('reads an offerReceived: workgroup name, room JID, metadata (first value of lists), expiry, transfer flag', () => {
    const o = offerOf({
      type: 'offerReceived', workgroup: 'support@workgroup.example.com', id: 'r1', from: 'fpv-x@example.com',
      metaData: { username: 'v1', question: ['Where?'], email: 'v@example.com', empty: '' }, userId: 'v1',
      expiresAt: '2026-12-06T10:00:30.000Z', transfer: true,
    });
    assert.deepEqual(o, {
      id: 'r1', workgroup: 'support', room: 'r1@conference.example.com', userId: 'v1', visitor: 'fpv-x',
      metadata: { username: 'v1', question: 'Where?', email: 'v@example.com' },
      expiresAt: Date.parse('2026-12-06T10:00:30.000Z'), transfer: true,
    });
  });

  it('gives no offer for other payloads or one without an id', () => {
    assert.equal(offerOf({ type: 'offerRevoked', id: 'r1' }), undefined);
    assert.equal(offerOf({ type: 'offerReceived' }), undefined);
  });

  it('names a visitor by nickname, name, user id, then email', () => {
    assert.equal(visitorName({ nickname: 'Ann', username: 'v1' }), 'Ann');
    assert.equal(visitorName({ username: 'v1', email: 'e@x' }), 'v1');
    assert.equal(visitorName({}, 'fallback'), 'fallback');
  });

  it('reads room messages and chat states, and nothing else', () => {
    assert.deepEqual(roomEventOf({ type: 'groupchat', from: 'r1@conference.d/ann', body: 'hi' }), { kind: 'message', room: 'r1', nick: 'ann', body: 'hi' });
    assert.deepEqual(roomEventOf({ type: 'groupchat', from: 'r1@conference.d/ann', state: 'composing' }), { kind: 'state', room: 'r1', nick: 'ann', state: 'composing' });
    assert.equal(roomEventOf({ type: 'invitationReceived', from: 'r1@conference.d' }), undefined);
    assert.equal(roomEventOf({ type: 'groupchat', from: 'r1@conference.d/ann' }), undefined);
  });

  it('counts whole seconds down to zero; unknown expiry is zero', () => {
    assert.equal(secondsLeft(10_000, 0), 10);
    assert.equal(secondsLeft(10_000, 9_001), 1);
    assert.equal(secondsLeft(10_000, 12_000), 0);
    assert.equal(secondsLeft(Number.NaN, 0), 0);
  });

  it('reads queue rows in queue order, 1-based, from the modern JSON', () => {
    const rows = queueRowsOf({ queues: [{ name: 'support', users: [
      { userID: 'b', queuePosition: 1, joinDate: 2000, requestId: 'r2' },
      { userID: 'a', queuePosition: 0, joinDate: 1000, requestId: 'r1', question: 'Q?' },
    ] }, { name: 'sales' }] });
    assert.deepEqual(rows.get('support')?.map((r) => [r.userId, r.position, r.joinedAt, r.question]), [['a', 1, 1000, 'Q?'], ['b', 2, 2000, '']]);
    assert.deepEqual(rows.get('sales'), []);
  });

  it('reads lists whether an array, one object, or absent, under the first key present', () => {
    assert.deepEqual(listOf({ chats: [{ a: 1 }] }, 'chats'), [{ a: 1 }]);
    assert.deepEqual(listOf({ chat: { a: 1 } }, 'chats', 'chat'), [{ a: 1 }]);
    assert.deepEqual(listOf(undefined, 'chats'), []);
    assert.deepEqual(listOf([1, 2], 'x'), [1, 2]);
  });

  it('reads times from epoch ms, digit strings and ISO text', () => {
    assert.equal(timeOf(5), 5);
    assert.equal(timeOf('7'), 7);
    assert.equal(timeOf('1970-01-01T00:00:01.000Z'), 1000);
    assert.ok(Number.isNaN(timeOf(undefined)));
  });

  it('builds the support room JID from the workgroup JID', () => {
    assert.equal(supportRoomJid('r9', 'wg@workgroup.example.org'), 'r9@conference.example.org');
  });

  it('sends composing once, paused after a pause, active after sending', () => {
    const t = new TypingNotice(3000);
    assert.equal(t.input(0), 'composing');
    assert.equal(t.input(1000), undefined);
    assert.equal(t.tick(3500), undefined);
    assert.equal(t.tick(4000), 'paused');
    assert.equal(t.tick(9000), undefined);
    assert.equal(t.input(10_000), 'composing');
    assert.equal(t.sent(), 'active');
    assert.equal(t.sent(), undefined);
  });
});

describe('SSE frame reader', () => {
  it('joins events split across chunks, skips comments, keeps ids, handles CRLF', () => {
    const r = new SseFrameReader();
    assert.deepEqual(r.push(': ping\n\nid: 1-1\nevent: chatapi.muc\nda'), []);
    assert.deepEqual(r.push('ta: {"a":1}\r'), []);
    assert.deepEqual(r.push('\n\r\n'), [{ event: 'chatapi.muc', data: '{"a":1}', id: '1-1' }]);
    assert.deepEqual(r.push('data: x\ndata: y\n\n'), [{ event: 'message', data: 'x\ny', id: '1-1' }]);
    assert.deepEqual(r.push('event: lonely\n\n'), []);
  });
});
