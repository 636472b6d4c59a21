import assert from 'node:assert/strict';
import { frameLogged, type ChatEvent } from '../../../gateway/sse/index.js';
import { htmlSafeJson } from '../../../gateway/xml/index.js';
import { parseSse } from '../../kit/sse-parse.js';

const frameEvent = (id: string, e: ChatEvent): string => frameLogged({ id, name: e.name, data: htmlSafeJson(e.data) });

describe('sse frames', () => {
  it('when data holds <, > and &, then they are escaped as \\u003c \\u003e \\u0026 and JSON.parse gives them back', () => {
    const value = { body: '<script>alert("x")</script> & more' };
    const json = htmlSafeJson(value);
    assert.doesNotMatch(json, /[<>&]/);
    assert.match(json, /\\u003cscript\\u003e/);
    assert.match(json, /\\u0026/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('when a body has line breaks, then the event is still one data line and parses back', () => {
    const frame = frameEvent('1-1', { name: 'chatapi.chat', data: { body: 'a\nb\r\nc\u2028d' } });
    assert.equal(frame.split('\n').filter((l) => l.startsWith('data:')).length, 1);
    assert.equal(frame, `id: 1-1\nevent: chatapi.chat\ndata: ${JSON.stringify({ body: 'a\nb\r\nc\u2028d' })}\n\n`);
    const [msg] = parseSse(frame).messages;
    assert.deepEqual(msg && { ...msg, data: JSON.parse(msg.data) as unknown }, { id: '1-1', event: 'chatapi.chat', data: { body: 'a\nb\r\nc\u2028d' } });
  });

  it('when data is null-valued (ofchat "data": null), then it stays a JSON null', () => {
    const frame = frameEvent('1-2', { name: 'chatapi.chat', data: { data: null, body: 'x' } });
    assert.match(frame, /data: \{"data":null,"body":"x"\}\n\n$/);
  });
});
