/**
 * A chat's transcript from its room's archive: conversations flattened oldest first, the
 * visitor told from agents by its nick (its account) and named by its nickname, bodies and
 * counts bounded; the reader asks the history for the room as the given member; the text form.
 */
import assert from 'node:assert/strict';
import type { Conversation } from '../../../gateway/chat/index.js';
import { createTranscriptReader, MAX_BODY, MAX_MESSAGES, transcriptOf, transcriptText } from '../../../gateway/fastpath/transcripts.js';

const room = 'r1@conference.x';
function conversation(messages: Array<[string, string, number]>): Conversation {
  const ms = messages.map(([nick, body, at]) => ({ conversationID: 'c', from: `${room}/${nick}`, to: 'someone@x', sentDate: new Date(at), body }));
  return { conversationID: 'c', external: false, startDate: ms[0]!.sentDate, lastActivity: ms.at(-1)!.sentDate, messageCount: ms.length, chatRoom: room, participantList: [], messages: ms };
}
const party = { visitorAccount: 'fpv-abc', visitorName: 'Vic' };

describe('fastpath transcripts', () => {
  it('when the archive has two conversations, then one list oldest first, the visitor named and marked, agents by nick', () => {
    const t = transcriptOf([conversation([['ann', 'later', 3000]]), conversation([['FPV-abc', 'hello', 1000], ['ann', 'hi Vic', 2000]])], party);
    assert.deepEqual(t, [
      { from: `${room}/FPV-abc`, nick: 'Vic', role: 'visitor', body: 'hello', at: 1000 },
      { from: `${room}/ann`, nick: 'ann', role: 'agent', body: 'hi Vic', at: 2000 },
      { from: `${room}/ann`, nick: 'ann', role: 'agent', body: 'later', at: 3000 },
    ]);
  });

  it('when the archive is long, then the newest MAX_MESSAGES are kept and bodies cut at MAX_BODY', () => {
    const many = Array.from({ length: MAX_MESSAGES + 5 }, (_, i): [string, string, number] => ['ann', i === MAX_MESSAGES + 4 ? 'x'.repeat(MAX_BODY + 9) : `m${i}`, i]);
    const t = transcriptOf([conversation(many)], party);
    assert.equal(t.length, MAX_MESSAGES);
    assert.equal(t[0]?.body, 'm5');
    assert.equal(t.at(-1)?.body.length, MAX_BODY);
  });

  it('when read, then the history is asked for the room on the MUC service as the member, on the system\'s behalf', async () => {
    const asked: unknown[] = [];
    const reader = createTranscriptReader({
      history: async (p, u, q) => {
        asked.push([p.kind, u, q]);
        return [conversation([['ann', 'hi', 1]])];
      },
      mucService: 'conference.x',
    });
    assert.equal((await reader.read('r1', 'ann', party)).length, 1);
    assert.deepEqual(asked, [['secret', 'ann', { room: 'r1', service: 'conference.x' }]]);
  });

  it('transcriptText: a heading, then one line per message with its time and name; line breaks indented', () => {
    const text = transcriptText({ requestId: 'r1', workgroup: 'sales', agent: 'ann', acceptedAt: 0, endedAt: 60_000 }, [
      { from: `${room}/fpv-abc`, nick: 'Vic', role: 'visitor', body: 'two\nlines', at: 1000 },
    ]);
    assert.equal(text, 'Chat r1 (sales)\nAgent: ann\nStarted: 1970-01-01T00:00:00.000Z\nEnded: 1970-01-01T00:01:00.000Z\n\n[1970-01-01T00:00:01.000Z] Vic: two\n    lines\n');
  });
});
