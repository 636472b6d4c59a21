import assert from 'node:assert/strict';
import { messageContent } from '../../../gateway/chat/index.js';

describe('chat message text (ofchat rules)', () => {
  it('when the text is a JSON object with body, then body plus the whole JSON as data', () => {
    assert.deepEqual(messageContent(' {"body":"hi","x":1} ', { dataOnly: true }), { body: 'hi', data: '{"body":"hi","x":1}' });
  });
  it('when the body is not a string, then it is serialised', () => {
    assert.deepEqual(messageContent('{"body":42}', { dataOnly: true }), { body: '42', data: '{"body":42}' });
  });
  it('when a JSON object has no body, then data only for 1:1 and plain text for rooms', () => {
    assert.deepEqual(messageContent('{"x":1}', { dataOnly: true }), { data: '{"x":1}' });
    assert.deepEqual(messageContent('{"x":1}', { dataOnly: false }), { body: '{"x":1}' });
  });
  it('when the text is not a JSON object, then it is the body, verbatim', () => {
    for (const t of ['hello', '{not json}', '[1,2]', '"str"', `</body><message to='x'>`, '😀 "q"']) {
      assert.deepEqual(messageContent(t, { dataOnly: true }), { body: t });
    }
  });
});
