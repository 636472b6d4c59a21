import assert from 'node:assert/strict';
import { createPresenceBook } from '../../../gateway/chat/index.js';
import { parseStanzaText, readStanza, type InboundStanza } from '../../../gateway/xmpp/index.js';

const presence = (xmlText: string): InboundStanza => readStanza(parseStanzaText(xmlText)) as InboundStanza;

describe('chat presence book (live show/status of contacts)', () => {
  it('when no presence was received, then the contact is unavailable', () => {
    assert.deepEqual(createPresenceBook().of('bob@localhost'), { show: 'unavailable', status: null });
  });

  it('when resources come and go, then the newest available one is shown', () => {
    const book = createPresenceBook();
    book.record(presence(`<presence from='Bob@localhost/a'><show>away</show><status>out</status></presence>`));
    book.record(presence(`<presence from='bob@localhost/b'><status>here</status></presence>`));
    assert.deepEqual(book.of('bob@localhost'), { show: 'available', status: 'here' });
    book.record(presence(`<presence type='unavailable' from='bob@localhost/b'/>`));
    assert.deepEqual(book.of('bob@localhost'), { show: 'away', status: 'out' });
    book.record(presence(`<presence type='unavailable' from='bob@localhost/a'/>`));
    assert.deepEqual(book.of('bob@localhost'), { show: 'unavailable', status: null });
  });
});
