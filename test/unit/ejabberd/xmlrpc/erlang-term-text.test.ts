import assert from 'node:assert/strict';
import { parseStringList, termTextToPlain } from '../../../../gateway/ejabberd/xmlrpc/erlang-term-text.js';

describe('erlang term text (ejabberd_xmlrpc ~p output)', () => {
  it('when a list of strings arrives, then it becomes the strings one per line, as mod_http_api sends them', () => {
    assert.equal(termTextToPlain('["team","sales"]'), 'team\nsales');
    assert.equal(termTextToPlain('["team"]'), 'team');
  });

  it('when [] arrives (an empty string or list), then it becomes ""', () => {
    assert.equal(termTextToPlain('[]'), '');
  });

  it('when strings hold escapes, then quotes, backslashes and control characters are decoded', () => {
    assert.deepEqual(parseStringList(String.raw`["te\"am","b\\c","x\ny","\x{263A}","\101"]`), ['te"am', 'b\\c', 'x\ny', '☺', 'A']);
  });

  it('when ~p printed a string as a code list or wrapped the line, then it is still read (UTF-8 bytes decoded)', () => {
    assert.deepEqual(parseStringList('["a",\n [90,111,195,171]]'), ['a', 'Zoë']);
  });

  it('when the text is not a list of strings, then it is left as it is', () => {
    for (const text of ['Team', '[VIP] Team', '["open', '[a,b]', '"x"', '["a"] tail']) assert.equal(termTextToPlain(text), text);
  });
});
