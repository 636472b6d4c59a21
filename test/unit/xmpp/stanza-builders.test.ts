import assert from 'node:assert/strict';
import { Parser, type Element } from '@xmpp/xml';
import {
  chatMessage, chatStateMessage, groupchatMessage, instantRoomConfig, joinRoomPresence, leaveRoomPresence, mamQuery, mediatedInvite,
  ownPresence, presenceMode, readDataProperty, readRosterItems, rosterGet, parseStanzaText,
} from '../../../gateway/xmpp/index.js';

/** What a receiving XMPP parser makes of the serialised stanzas (inside a stream root). */
function reparse(el: Element): Element[] {
  const parser = new Parser();
  const out: Element[] = [];
  parser.on('element', (e) => out.push(e));
  parser.write('<stream>');
  parser.write(el.toString());
  parser.write('</stream>');
  return out;
}

describe('xmpp stanza builders', () => {
  const tricky = `</body><message to='x'><body>injected</body></message> "quotes" & 'apostrophes' 😀 <b>`;

  it('when a body contains closing tags, quotes and emoji, then it stays one message with exactly that body text', () => {
    const out = reparse(chatMessage('bob@localhost', { body: tricky }));
    assert.equal(out.length, 1);
    assert.equal(out[0]?.name, 'message');
    assert.equal(out[0]?.getChildren('body').length, 1);
    assert.equal(out[0]?.getChildText('body'), tricky);
    assert.equal(out[0]?.attrs.to, 'bob@localhost');
    assert.equal(out[0]?.attrs.type, 'chat');
    assert.ok(out[0]?.attrs.id);
  });

  it('when data is given, then it travels as the Jive property "data" with type string, verbatim', () => {
    const json = JSON.stringify({ body: tricky, n: 1 });
    const [m] = reparse(chatMessage('bob@localhost', { body: 'hi', data: json }));
    assert.ok(m);
    const props = m.getChild('properties', 'http://www.jivesoftware.com/xmlns/xmpp/properties');
    assert.equal(props?.getChild('property')?.getChildText('name'), 'data');
    assert.equal(props?.getChild('property')?.getChild('value')?.attrs.type, 'string');
    assert.equal(readDataProperty(m), json);
  });

  it('when only data is given, then the message has no body', () => {
    const [m] = reparse(chatMessage('bob@localhost', { data: '{"x":1}' }));
    assert.equal(m?.getChild('body'), undefined);
    assert.equal(m && readDataProperty(m), '{"x":1}');
  });

  it('when a groupchat message is built, then it is type groupchat to the room JID', () => {
    const [m] = reparse(groupchatMessage('lab@conference.localhost', { body: tricky }));
    assert.equal(m?.attrs.type, 'groupchat');
    assert.equal(m?.getChildText('body'), tricky);
  });

  it('when a chat state is built, then it is a bodiless chat message with the XEP-0085 element', () => {
    const [m] = reparse(chatStateMessage('bob@localhost', 'composing'));
    assert.equal(m?.getChild('body'), undefined);
    assert.ok(m?.getChild('composing', 'http://jabber.org/protocol/chatstates'));
  });

  it('when presence is built, then offline is unavailable, modes become <show> and the status is escaped', () => {
    assert.equal(ownPresence('offline').attrs.type, 'unavailable');
    assert.equal(ownPresence('available').getChild('show'), undefined);
    const [p] = reparse(ownPresence('dnd', '<busy> & "away"'));
    assert.equal(p?.getChildText('show'), 'dnd');
    assert.equal(p?.getChildText('status'), '<busy> & "away"');
    assert.equal(presenceMode('XA'), 'xa');
    assert.equal(presenceMode('offline'), 'offline');
    assert.equal(presenceMode('weird'), 'available');
    assert.equal(presenceMode(undefined), 'available');
  });

  it('when MUC stanzas are built, then join/leave go to room/nick and the invite is mediated through the room', () => {
    const join = joinRoomPresence('lab@conference.localhost', 'alice');
    assert.equal(join.attrs.to, 'lab@conference.localhost/alice');
    assert.ok(join.getChild('x', 'http://jabber.org/protocol/muc'));
    const leave = leaveRoomPresence('lab@conference.localhost', 'alice');
    assert.equal(leave.attrs.type, 'unavailable');
    const [inv] = reparse(mediatedInvite('lab@conference.localhost', 'bob@localhost', tricky));
    assert.equal(inv?.attrs.to, 'lab@conference.localhost');
    const invite = inv?.getChild('x', 'http://jabber.org/protocol/muc#user')?.getChild('invite');
    assert.equal(invite?.attrs.to, 'bob@localhost');
    assert.equal(invite?.getChildText('reason'), tricky);
    const cfg = instantRoomConfig('lab@conference.localhost');
    assert.equal(cfg.getChild('query', 'http://jabber.org/protocol/muc#owner')?.getChild('x', 'jabber:x:data')?.attrs.type, 'submit');
  });

  it('when a MAM query is built, then it carries the form fields and RSM paging', () => {
    const q = mamQuery('q1', { with: 'bob@localhost', start: new Date('2024-01-02T03:04:05Z') }, { max: 50, after: '123' });
    const query = q.getChild('query', 'urn:xmpp:mam:2');
    assert.equal(query?.attrs.queryid, 'q1');
    const fields = query?.getChild('x', 'jabber:x:data')?.getChildren('field') ?? [];
    assert.deepEqual(fields.map((f) => [f.attrs.var, f.getChildText('value')]), [
      ['FORM_TYPE', 'urn:xmpp:mam:2'], ['with', 'bob@localhost'], ['start', '2024-01-02T03:04:05.000Z'],
    ]);
    assert.equal(query?.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('after'), '123');
    assert.equal(q.attrs.to, undefined);
    assert.equal(mamQuery('q2', {}, { max: 10 }, 'lab@conference.localhost').attrs.to, 'lab@conference.localhost');
  });

  it('when a roster result is read, then items carry jid, name, subscription and groups', () => {
    assert.ok(rosterGet().getChild('query', 'jabber:iq:roster'));
    const iq = parseStanzaText(`<iq type='result'><query xmlns='jabber:iq:roster'><item jid='b@localhost' name='Bob' subscription='both'><group>G1</group><group>G2</group></item><item name='nojid'/></query></iq>`);
    assert.deepEqual(readRosterItems(iq), [{ jid: 'b@localhost', name: 'Bob', subscription: 'both', groups: ['G1', 'G2'] }]);
  });
});
