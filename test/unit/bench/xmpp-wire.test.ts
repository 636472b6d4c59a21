import assert from 'node:assert/strict';
import xml, { type Element } from '@xmpp/xml';
import { boundUser, createWireReader, elementKind, headerStarts } from '../../../bench/xmpp-wire.js';

const read = (chunks: readonly (string | Buffer)[]): { kinds: string[]; reader: ReturnType<typeof createWireReader> } => {
  const kinds: string[] = [];
  const reader = createWireReader((el) => kinds.push(elementKind(el)));
  for (const c of chunks) reader.write(typeof c === 'string' ? Buffer.from(c) : c);
  return { kinds, reader };
};

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='1' version='1.0'>";

describe('bench c2s wire reader', () => {
  it('when elements are classified, then stanzas show type and children, SM nonzas their name', () => {
    assert.equal(elementKind(xml('message', { to: 'a@b', type: 'chat', id: 'x' }, xml('body', {}, 'hi'))), 'message/chat(body)');
    assert.equal(elementKind(xml('message', { to: 'a@b' }, xml('body', {}, 'hi'), xml('active', { xmlns: 'http://jabber.org/protocol/chatstates' }))), 'message/normal(active+body)');
    assert.equal(elementKind(xml('presence')), 'presence/available()');
    assert.equal(elementKind(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' }))), 'iq/get(roster)');
    assert.equal(elementKind(xml('iq', { type: 'result' })), 'iq/result()');
    assert.equal(elementKind(xml('r', { xmlns: 'urn:xmpp:sm:3' })), 'sm:r');
    assert.equal(elementKind(xml('a', { xmlns: 'urn:xmpp:sm:3', h: '3' })), 'sm:a');
    assert.equal(elementKind(xml('success', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl' })), 'success');
  });

  it('when a bind result comes, then its local part is the bound user; other iqs bind no one', () => {
    const bind = xml('iq', { type: 'result', id: 'b' }, xml('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }, xml('jid', {}, 'ctds0@localhost/bench')));
    assert.equal(boundUser(bind), 'ctds0');
    assert.equal(boundUser(xml('iq', { type: 'result' })), undefined);
    assert.equal(boundUser(xml('iq', { type: 'set' }, xml('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }))), undefined);
  });

  it('when a stream restarts, then each header starts a new parse and the elements of both streams are read', () => {
    assert.deepEqual(headerStarts(`${HEADER}<a/>`), [0]);
    const success = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
    assert.deepEqual(headerStarts(`${success}${HEADER}`), [success.length]);
    assert.deepEqual(headerStarts(`${success}<stream:stream>`), [success.length]); // no declaration
    const { kinds, reader } = read([
      HEADER,
      "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></stream:features>",
      "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
      HEADER + "<stream:features/><iq type='result' id='b'/>",
      "<message type='chat'><body>x</body></message><r xmlns='urn:xmpp:sm:3'/>",
    ]);
    assert.deepEqual(kinds, ['stream:features', 'success', 'stream:features', 'iq/result()', 'message/chat(body)', 'sm:r']);
    assert.equal(reader.unreadable, 0);
  });

  it('when an element or a character is split across reads, then it is read once, whole', () => {
    const text = Buffer.from("<message type='chat'><body>é</body></message>");
    const cut = text.indexOf(0xa9); // inside the two bytes of "é"
    const got: Element[] = [];
    const reader = createWireReader((el) => got.push(el));
    reader.write(Buffer.from(HEADER));
    reader.write(text.subarray(0, cut));
    assert.equal(got.length, 0);
    reader.write(text.subarray(cut));
    assert.equal(got.length, 1);
    assert.equal(got[0]?.getChildText('body'), 'é');
  });

  it('when the text is not XML, then that direction is no longer read and it is counted', () => {
    const { kinds, reader } = read([HEADER, '<a></b>', '<c/>']);
    assert.deepEqual(kinds, []);
    assert.equal(reader.unreadable, 1);
  });
});
