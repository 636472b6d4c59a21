import assert from 'node:assert/strict';
import { negotiate } from '../../../gateway/http/index.js';
import { htmlSafeJson as safeJson } from '../../../gateway/xml/index.js';

describe('content negotiation', () => {
  it('when Accept is absent, then XML is the default', () => assert.equal(negotiate(undefined, undefined), 'xml'));
  it('when Accept asks for JSON, then JSON', () => assert.equal(negotiate('application/json', undefined), 'json'));
  it('when Accept prefers XML by q, then XML', () => assert.equal(negotiate('application/json;q=0.5, application/xml', undefined), 'xml'));
  it('when Accept is text/plain and the body was JSON, then JSON (never a 500)', () => assert.equal(negotiate('text/plain', 'application/json'), 'json'));
  it('when the same Accept header comes again, then the same answer (kept), whatever the Content-Type where Accept decides', () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(negotiate('application/json;q=0.5, application/xml', 'application/json'), 'xml');
      assert.equal(negotiate('text/html', 'application/json'), 'json');
      assert.equal(negotiate('text/html', undefined), 'xml');
    }
  });
  it('when more distinct Accept headers come than are kept, then each still gets its own answer', () => {
    for (let i = 0; i < 200; i++) {
      assert.equal(negotiate(`application/vnd.x${i}+json`, undefined), 'json');
      assert.equal(negotiate(`application/vnd.y${i}+xml`, 'application/json'), 'xml');
      assert.equal(negotiate(`${'text/plain;a=b, '.repeat(20)}application/json`, undefined), 'json');
    }
  });
  it('when JSON is made safe for HTML, then it parses to the same value', () => {
    const v = { body: '</script><b>&' };
    const s = safeJson(v);
    assert.ok(!/[<>&]/.test(s));
    assert.deepEqual(JSON.parse(s), v);
  });
});
