import assert from 'node:assert/strict';
import { notifyStanza } from '../../../gateway/sessions/index.js';

describe('sessions notifyStanza', () => {
  it('when a payload is given, then it is the escaped Jive data property of a bodiless headline', () => {
    assert.equal(
      notifyStanza('{"a":"<b>&\'x\'"}'),
      '<message type="headline"><properties xmlns="http://www.jivesoftware.com/xmlns/xmpp/properties">'
        + '<property><name>data</name><value type="string">{"a":"&lt;b&gt;&amp;\'x\'"}</value></property></properties></message>',
    );
  });

  it('when the payload is empty, then the value element is still there', () => {
    assert.match(notifyStanza(''), /<value type="string"><\/value>/);
  });
});
