/**
 * A visitor's support-room messages as ofchat's `chatapi.ask` groupchat event: only for visitor
 * accounts (`fpv-…`), only groupchat messages with a body, with exactly `{type, to, from, body}`.
 */
import assert from 'node:assert/strict';
import { VISITOR_ACCOUNT_PREFIX, visitorRoomEvents, type RoomMessage } from '../../../gateway/fastpath/visitor-room-events.js';

const ROOM_MESSAGE: RoomMessage = { name: 'message', type: 'groupchat', to: 'fpv-ann1@example.org/web', from: 'req0001abc@conference.example.org/alice', body: 'Hello, how can I help?' };

describe('fastpath visitor room events', () => {
  it('when a visitor account gets a groupchat message, then it also gets chatapi.ask groupchat with to, from and body', () => {
    assert.deepEqual(visitorRoomEvents('fpv-ann1', ROOM_MESSAGE), [
      { name: 'chatapi.ask', data: { type: 'groupchat', to: 'fpv-ann1@example.org/web', from: 'req0001abc@conference.example.org/alice', body: 'Hello, how can I help?' } },
    ]);
    assert.equal(VISITOR_ACCOUNT_PREFIX, 'fpv-');
  });

  it('when the body is hostile text, then it is passed on as it is (the hub escapes on the wire)', () => {
    const body = '</script><script>alert(1)</script> & "quotes"';
    assert.deepEqual(visitorRoomEvents('fpv-x', { ...ROOM_MESSAGE, body })[0]?.data, { type: 'groupchat', to: ROOM_MESSAGE.to, from: ROOM_MESSAGE.from, body });
  });

  it('when the body is empty text, then it is still an event (an empty message is a message)', () => {
    assert.equal(visitorRoomEvents('fpv-x', { ...ROOM_MESSAGE, body: '' }).length, 1);
  });

  const NONE: Array<[string, string, RoomMessage]> = [
    ['the user is an agent, not a visitor account', 'alice', ROOM_MESSAGE],
    ['the user name only contains the prefix', 'alice-fpv-x', ROOM_MESSAGE],
    ['the message is a chat, not groupchat', 'fpv-ann1', { ...ROOM_MESSAGE, type: 'chat' }],
    ['the message is an error', 'fpv-ann1', { ...ROOM_MESSAGE, type: 'error' }],
    ['the stanza is a presence', 'fpv-ann1', { ...ROOM_MESSAGE, name: 'presence' }],
    ['the message has no body (a subject or chat state)', 'fpv-ann1', { ...ROOM_MESSAGE, body: null }],
  ];
  for (const [what, user, stanza] of NONE) {
    it(`when ${what}, then there is no ask event`, () => {
      assert.deepEqual(visitorRoomEvents(user, stanza), []);
    });
  }
});
