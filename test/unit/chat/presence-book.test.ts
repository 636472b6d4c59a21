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

  it('when presences were kept and the book is cleared, then contacts read unavailable and later presences are kept again', () => {
    const book = createPresenceBook();
    book.record(presence(`<presence type='unavailable' from='carol@localhost/x'/>`)); // nothing kept yet: still fine
    assert.deepEqual(book.of('carol@localhost'), { show: 'unavailable', status: null });
    book.record(presence(`<presence from='carol.long-name@localhost/resource-long-enough'><show>dnd</show><status>in a meeting until noon</status></presence>`));
    assert.deepEqual(book.of('Carol.Long-Name@localhost'), { show: 'dnd', status: 'in a meeting until noon' });
    book.clear();
    assert.deepEqual(book.of('carol.long-name@localhost'), { show: 'unavailable', status: null });
    book.record(presence(`<presence from='carol.long-name@localhost/resource-long-enough'/>`));
    assert.deepEqual(book.of('carol.long-name@localhost'), { show: 'available', status: null });
  });
});

