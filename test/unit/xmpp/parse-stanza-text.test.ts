import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { parseStanzaText } from '../../../gateway/xmpp/index.js';

const rejects = (text: string, pattern: RegExp): void => {
  assert.throws(() => parseStanzaText(text), (err: unknown) => isGatewayError(err) && err.status === 400 && pattern.test(err.message));
};

describe('xmpp parseStanzaText (POST chat/{streamid}/xmpp)', () => {
  it('when one message is posted, then it parses with its children and no parent', () => {
    const el = parseStanzaText(`<message to='b@localhost' type='chat'><body>hi &amp; &lt;you&gt;</body></message>`);
    assert.equal(el.name, 'message');
    assert.equal(el.getChildText('body'), 'hi & <you>');
    assert.equal(el.parent, null);
  });

  it('when the jabber:client namespace is explicit, then it is accepted', () => {
    assert.equal(parseStanzaText(`<presence xmlns='jabber:client'/>`).name, 'presence');
  });

  it('when the XML is malformed, then 400', () => {
    rejects('<message><body>x</message>', /Malformed|must be closed/);
    rejects('<message>&bogus;</message>', /Malformed/);
    rejects('<message', /exactly one|never ends/);
  });

  it('when two stanzas or a closing of the wrapper are smuggled in, then 400', () => {
    rejects('<message/><message/>', /exactly one/);
    rejects(`<message/></stream><message to='evil@localhost'/>`, /exactly one|Malformed/);
  });

  it('when the element is not a stanza or in another namespace, then 400', () => {
    rejects('<stream:features/>', /Only message, presence and iq/);
    rejects(`<message xmlns='jabber:server'/>`, /namespace/);
    rejects('just text', /exactly one/);
  });
});
