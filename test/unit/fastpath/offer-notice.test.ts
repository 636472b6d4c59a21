/**
 * The XMPP offer notices for agents without a chat stream: the exact stanza for plain values,
 * the `<offer/>` / `<offer-revoked/>` element in ofgate's namespace with its attributes, and
 * hostile values (quotes, angle brackets, ampersands, XML-forbidden characters) escaped so that
 * an XMPP parser reads every value back unchanged and no element is injected.
 */
import assert from 'node:assert/strict';
import { NS_OFGATE_FASTPATH, offerNotice, revokeNotice } from '../../../gateway/fastpath/offer-notice.js';
import { parseStanzaText } from '../../../gateway/xmpp/index.js';

const EXPIRES = Date.parse('2026-12-06T07:05:29.000Z');
const PLAIN = { to: 'alice@example.org', from: 'sales@workgroup.example.org', workgroup: 'sales', offerId: 'req0001abc', userId: 'ann', question: 'Where is my order?' };
const HOSTILE = `"><evil xmlns='x'/>&amp;<![CDATA[x]]>'`;

describe('fastpath offer notices (XMPP, for agents without a stream)', () => {
  it('when an offer is sent, then the stanza is a normal message from the workgroup with a readable body and the offer element', () => {
    assert.equal(offerNotice({ ...PLAIN, expiresAt: EXPIRES }),
      '<message to="alice@example.org" from="sales@workgroup.example.org" type="normal">' +
      '<body>Chat request req0001abc in sales from ann: Where is my order?\n' +
      'Accept: PUT chat/assists/sales/req0001abc — reject: DELETE the same (before 2026-12-06T07:05:29.000Z).</body>' +
      '<offer xmlns="urn:ofgate:fastpath:1" id="req0001abc" workgroup="sales" userid="ann" expires="2026-12-06T07:05:29.000Z"/>' +
      '</message>');
    assert.equal(NS_OFGATE_FASTPATH, 'urn:ofgate:fastpath:1');
  });

  it('when an offer is revoked, then the stanza carries the reason in the body and the offer-revoked element', () => {
    assert.equal(revokeNotice({ to: PLAIN.to, from: PLAIN.from, workgroup: 'sales', offerId: 'req0001abc', userId: 'ann', reason: 'The offer has timed out' }),
      '<message to="alice@example.org" from="sales@workgroup.example.org" type="normal">' +
      '<body>Chat request req0001abc in sales was withdrawn: The offer has timed out</body>' +
      '<offer-revoked xmlns="urn:ofgate:fastpath:1" id="req0001abc" workgroup="sales" reason="The offer has timed out"/>' +
      '</message>');
  });

  it('when the visitor\'s values are hostile, then the offer parses back to exactly one offer element holding them unchanged', () => {
    const text = offerNotice({ ...PLAIN, userId: HOSTILE, question: `${HOSTILE}</body><body>second`, workgroup: 'sales', expiresAt: EXPIRES });
    const m = parseStanzaText(text);
    assert.equal(m.name, 'message');
    assert.deepEqual(m.children.filter((c) => typeof c !== 'string').map((c) => (c as { name: string }).name), ['body', 'offer']);
    const offer = m.getChild('offer', NS_OFGATE_FASTPATH);
    assert.ok(offer, text);
    assert.deepEqual(offer.attrs, { xmlns: NS_OFGATE_FASTPATH, id: 'req0001abc', workgroup: 'sales', userid: HOSTILE, expires: '2026-12-06T07:05:29.000Z' });
    assert.equal(m.getChildText('body'), `Chat request req0001abc in sales from ${HOSTILE}: ${HOSTILE}</body><body>second\nAccept: PUT chat/assists/sales/req0001abc — reject: DELETE the same (before 2026-12-06T07:05:29.000Z).`);
    assert.equal(m.getChild('evil'), undefined);
  });

  it('when the revoke reason and addresses are hostile, then they parse back unchanged', () => {
    const text = revokeNotice({ to: `a"b@example.org`, from: `w'g@workgroup.example.org`, workgroup: 'sales', offerId: 'req0001abc', userId: 'ann', reason: HOSTILE });
    const m = parseStanzaText(text);
    assert.equal(m.attrs.to, 'a"b@example.org');
    assert.equal(m.attrs.from, "w'g@workgroup.example.org");
    assert.equal(m.attrs.type, 'normal');
    const revoked = m.getChild('offer-revoked', NS_OFGATE_FASTPATH);
    assert.ok(revoked, text);
    assert.equal(revoked.attrs.reason, HOSTILE);
    assert.equal(m.getChildText('body'), `Chat request req0001abc in sales was withdrawn: ${HOSTILE}`);
    assert.equal(m.getChild('evil'), undefined);
  });

  it('when a value holds characters XML 1.0 forbids, then they are dropped and the stanza still parses', () => {
    const text = offerNotice({ ...PLAIN, userId: 'an\u0000n', question: 'q\u0001\u0008?\uFFFE', expiresAt: EXPIRES });
    const m = parseStanzaText(text);
    assert.equal(m.getChild('offer', NS_OFGATE_FASTPATH)?.attrs.userid, 'ann');
    assert.match(m.getChildText('body') ?? '', /from ann: q\?\n/);
  });

  it('when the question is empty, then the body still names the request and how to answer it', () => {
    const m = parseStanzaText(offerNotice({ ...PLAIN, question: '', expiresAt: EXPIRES }));
    assert.match(m.getChildText('body') ?? '', /^Chat request req0001abc in sales from ann: \nAccept: PUT chat\/assists\/sales\/req0001abc/);
  });
});
