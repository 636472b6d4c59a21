import assert from 'node:assert/strict';
import { parseStanzaText, readMamFin, readMamResult } from '../../../gateway/xmpp/index.js';

describe('xmpp MAM results', () => {
  const result = (queryid: string, inner: string): string =>
    `<message to='a@localhost/r'><result xmlns='urn:xmpp:mam:2' queryid='${queryid}' id='1700000000000001'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2024-05-01T10:00:00.000000Z'/>${inner}</forwarded></result></message>`;

  it('when a result of our query carries a message with a body, then the archived message is read', () => {
    const m = readMamResult(parseStanzaText(result('q1', `<message xmlns='jabber:client' from='b@localhost/r' to='a@localhost' type='chat'><body>hi &lt;3</body></message>`)), 'q1');
    assert.deepEqual(m, { id: '1700000000000001', stamp: new Date('2024-05-01T10:00:00Z'), from: 'b@localhost/r', to: 'a@localhost', type: 'chat', body: 'hi <3' });
  });

  it('when the archived message has no body, then null (consumed, not listed); another query or a plain message: undefined', () => {
    assert.equal(readMamResult(parseStanzaText(result('q1', `<message from='b@localhost' to='a@localhost'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`)), 'q1'), null);
    assert.equal(readMamResult(parseStanzaText(result('other', `<message><body>x</body></message>`)), 'q1'), undefined);
    assert.equal(readMamResult(parseStanzaText(`<message><body>x</body></message>`), 'q1'), undefined);
  });

  it('when the fin says complete or has no last id, then paging stops; otherwise it continues after last', () => {
    const fin = (attrs: string, last: string) => parseStanzaText(`<iq type='result'><fin xmlns='urn:xmpp:mam:2' ${attrs}><set xmlns='http://jabber.org/protocol/rsm'>${last}</set></fin></iq>`);
    assert.deepEqual(readMamFin(fin(`complete='true'`, '<last>9</last>')), { complete: true, last: '9' });
    assert.deepEqual(readMamFin(fin('', '<last>9</last>')), { complete: false, last: '9' });
    assert.deepEqual(readMamFin(fin('', '')), { complete: true, last: undefined });
  });
});
