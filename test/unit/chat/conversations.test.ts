import assert from 'node:assert/strict';
import { CONVERSATION_IDLE_MS, groupConversations } from '../../../gateway/chat/index.js';
import type { ArchivedMessage } from '../../../gateway/xmpp/index.js';

const t0 = Date.parse('2024-05-01T10:00:00Z');
const msg = (id: string, at: number, from: string, to: string, body: string): ArchivedMessage => ({ id, stamp: new Date(t0 + at), from, to, type: 'chat', body });
const owner = 'alice@localhost';

describe('chat conversations from the archive', () => {
  const archive = [
    msg('3', 60_000, 'bob@localhost/r', 'alice@localhost', 'fine, thanks'),
    msg('1', 0, 'alice@localhost/x', 'bob@localhost', 'how are you?'),
    msg('2', 1000, 'carol@localhost/r', 'alice@localhost', 'hello alice'),
    msg('4', 60_000 + CONVERSATION_IDLE_MS + 1, 'alice@localhost/x', 'bob@localhost', 'later topic'),
    msg('5', 70_000, 'dave@example.org/r', 'alice@localhost', 'from afar'),
  ];

  it('when messages with several peers are archived, then one conversation per peer, split after 10 idle minutes, oldest first', () => {
    const cs = groupConversations(archive, { owner, domain: 'localhost' });
    assert.deepEqual(cs.map((c) => [c.conversationID, c.messageCount, c.messages.map((m) => m.body)]), [
      ['1', 2, ['how are you?', 'fine, thanks']],
      ['2', 1, ['hello alice']],
      ['5', 1, ['from afar']],
      ['4', 1, ['later topic']],
    ]);
    const first = cs[0];
    assert.ok(first);
    assert.deepEqual(first.participantList.sort(), ['alice@localhost', 'bob@localhost']);
    assert.equal(first.startDate.getTime(), t0);
    assert.equal(first.lastActivity.getTime(), t0 + 60_000);
    assert.equal(first.external, false);
    assert.equal(first.messages[0]?.conversationID, '1');
    assert.equal(cs[2]?.external, true);
  });

  it('when keywords are given, then only conversations with a message containing every word are kept, whole', () => {
    const cs = groupConversations(archive, { owner, domain: 'localhost', keywords: 'FINE thanks' });
    assert.deepEqual(cs.map((c) => c.messageCount), [2]);
  });

  it('when a room archive is grouped, then the room is the chatRoom and occupants are participants', () => {
    const room = 'lab@conference.localhost';
    const cs = groupConversations([msg('9', 0, `${room}/bob`, 'alice@localhost/x', 'hi all')], { owner, domain: 'localhost', room });
    assert.equal(cs[0]?.chatRoom, room);
    assert.deepEqual(cs[0]?.participantList, [owner, `${room}/bob`]);
  });
});
