/**
 * The 413 of chat/{streamid}/messages/{to} (routes/chat/chat-message-routes.ts): a message whose
 * worst case fits is let through without building a copy of its stanza; any other is measured
 * exactly. Compared with the stanza ofgate actually sends, around the limit, with text that
 * escapes to the most bytes and JSON that is sent twice (body and Jive data).
 */
import assert from 'node:assert/strict';
import { messageContent } from '../../../gateway/chat/index.js';
import { refuseOversizedMessage } from '../../../gateway/routes/chat/chat-message-routes.js';
import { chatMessage } from '../../../gateway/xmpp/index.js';

const sent = (text: string): number => Buffer.byteLength(chatMessage('bob@example.org', messageContent(text, { dataOnly: true })).toString());
const refused = (text: string, max: number): boolean => {
  try {
    refuseOversizedMessage(text, 'bob', 'example.org', max);
    return false;
  } catch (err) {
    assert.equal((err as { status?: number }).status, 413);
    return true;
  }
};

describe('refuseOversizedMessage', () => {
  const texts: Array<[string, string]> = [
    ['plain text', 'hello there'],
    ['quotes and ampersands (escaped to 5–6 bytes each)', '"&\'<>'.repeat(40)],
    ['JSON with a body (sent as body and as Jive data)', JSON.stringify({ body: '"&"'.repeat(30), x: 1 })],
    ['non-ASCII', 'äöü€😀'.repeat(30)],
  ];
  for (const [name, text] of texts) {
    it(`when the text is ${name}, then it is refused exactly when its stanza is over the limit`, () => {
      const size = sent(text);
      assert.equal(refused(text, size), false, 'at the limit: sent');
      assert.equal(refused(text, size - 1), true, 'one byte over: 413');
      assert.equal(refused(text, size * 20 + 2048), false, 'far under: sent');
    });
  }
});
