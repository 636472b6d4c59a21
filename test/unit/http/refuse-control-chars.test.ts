import assert from 'node:assert/strict';
import type { GatewayError } from '../../../gateway/errors/index.js';
import { refuseControlChars, refuseControlCharsInText } from '../../../gateway/http/refuse-control-chars.js';
import { escapeText, forbiddenXmlChar } from '../../../gateway/xml/index.js';

const refused = (field: string, char: string) => (e: GatewayError) =>
  e.status === 400 && e.exception === 'IllegalArgumentException' && e.resource === field && e.message.startsWith(`${field} contains ${char}`);

describe('control characters at the request boundary', () => {
  it('when a text holds a C0 control other than tab, LF or CR, U+FFFE/U+FFFF or a lone surrogate, then it is named', () => {
    assert.equal(forbiddenXmlChar('a\u0001b'), 'U+0001');
    assert.equal(forbiddenXmlChar('\u0000'), 'U+0000');
    assert.equal(forbiddenXmlChar('a\u001fb'), 'U+001F');
    assert.equal(forbiddenXmlChar('x\uFFFE'), 'U+FFFE');
    assert.equal(forbiddenXmlChar('x\uD800y'), 'U+D800');
    assert.equal(forbiddenXmlChar('x\uDC00'), 'U+DC00');
    assert.equal(forbiddenXmlChar('tab\tlf\ncr\r emoji 😀 ü'), undefined);
  });

  it('when a value holds one, then a 400 names the field, nested fields by path', () => {
    assert.throws(() => refuseControlChars('hi\u0007', 'to'), refused('to', 'U+0007'));
    assert.throws(() => refuseControlChars({ properties: { property: [{ key: 'k', value: 'v\u0002' }] } }, ''), refused('properties.property[0].value', 'U+0002'));
    assert.throws(() => refuseControlChars({ 'k\u0003': 'v' }, ''), refused(' key', 'U+0003'));
    assert.doesNotThrow(() => refuseControlChars({ a: ['x\ty', 1, null, true], b: 'line\r\nbreak' }, ''));
  });

  it('when a text body is a JSON object, then the strings it decodes to are checked too', () => {
    assert.throws(() => refuseControlCharsInText('{"body":"a\\u0001b"}', 'body'), refused('body.body', 'U+0001'));
    assert.throws(() => refuseControlCharsInText('plain \u0008 text', 'body'), refused('body', 'U+0008'));
    assert.doesNotThrow(() => refuseControlCharsInText('{"body":"tab\\t ok"}', 'body'));
    assert.doesNotThrow(() => refuseControlCharsInText('{not json \\u0001}', 'body'));
  });

  it('when the HTTP XML writer meets such characters in output, then they are dropped', () => {
    assert.equal(escapeText('a\u0001b\uFFFFc\uD800d<'), 'abcd&lt;');
  });
});
