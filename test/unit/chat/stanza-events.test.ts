import assert from 'node:assert/strict';
import { connectionEvent, stanzaEvents } from '../../../gateway/chat/index.js';
import type { ChatEvent } from '../../../gateway/sse/index.js';
import { parseStanzaText, readStanza } from '../../../gateway/xmpp/index.js';

const JIVE = 'http://www.jivesoftware.com/xmlns/xmpp/properties';
const eventsOf = (xmlText: string): ChatEvent[] => {
  const s = readStanza(parseStanzaText(xmlText));
  assert.ok(s);
  return stanzaEvents(s);
};
const named = (events: ChatEvent[], name: string) => events.filter((e) => e.name === name).map((e) => e.data);
const decoded = (events: ChatEvent[]): string => Buffer.from(String(events[0]?.data.xmpp), 'base64').toString('utf8');

describe('chat stanza → SSE events', () => {
  it('when any stanza arrives, then the first event is chatapi.xmpp with the base64 stanza in jabber:client', () => {
    const events = eventsOf(`<iq type='set' id='1' from='a@localhost'><query xmlns='jabber:iq:roster'/></iq>`);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.name, 'chatapi.xmpp');
    assert.match(decoded(events), /^<iq [^>]*xmlns="jabber:client"/);
  });

  it('when a presence arrives, then chatapi.presence carries to, from, status and show (mode, or the type when not available)', () => {
    const on = eventsOf(`<presence from='b@localhost/r' to='a@localhost/x'><show>away</show><status>lunch "&amp;" 😀</status></presence>`);
    assert.deepEqual(named(on, 'chatapi.presence'), [{ type: 'presence', to: 'a@localhost/x', from: 'b@localhost/r', status: 'lunch "&" 😀', show: 'away' }]);
    const plain = eventsOf(`<presence from='b@localhost/r' to='a@localhost/x'/>`);
    assert.deepEqual(named(plain, 'chatapi.presence'), [{ type: 'presence', to: 'a@localhost/x', from: 'b@localhost/r', status: null, show: 'available' }]);
    const off = eventsOf(`<presence type='unavailable' from='b@localhost/r' to='a@localhost/x'/>`);
    assert.equal(named(off, 'chatapi.presence')[0]?.show, 'unavailable');
  });

  it('when a chat message with a body and Jive data arrives, then chatapi.chat has the body and the parsed data', () => {
    const events = eventsOf(`<message type='chat' from='b@localhost/r' to='a@localhost'><body>hi &lt;/body&gt;</body><properties xmlns='${JIVE}'><property><name>data</name><value type='string'>{"body":"hi","n":[1,2]}</value></property></properties></message>`);
    assert.deepEqual(named(events, 'chatapi.chat'), [{ type: 'chat', to: 'a@localhost', from: 'b@localhost/r', data: { body: 'hi', n: [1, 2] }, body: 'hi </body>' }]);
  });

  it('when normal, headline or error messages have a body, then chatapi.chat has their type and data null', () => {
    for (const type of ['normal', 'headline', 'error']) {
      assert.deepEqual(named(eventsOf(`<message type='${type}' from='b@localhost' to='a@localhost'><body>x</body></message>`), 'chatapi.chat'),
        [{ type, to: 'a@localhost', from: 'b@localhost', data: null, body: 'x' }]);
    }
    assert.equal(named(eventsOf(`<message from='b@localhost' to='a@localhost'><body>x</body></message>`), 'chatapi.chat')[0]?.type, 'normal');
  });

  it('when a chat state arrives (alone or with a body), then a chatapi.chat state event is added', () => {
    const alone = eventsOf(`<message type='chat' from='b@localhost/r' to='a@localhost'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`);
    assert.deepEqual(named(alone, 'chatapi.chat'), [{ type: 'chat', to: 'a@localhost', from: 'b@localhost/r', state: 'composing' }]);
    const both = eventsOf(`<message type='chat' from='b@localhost/r' to='a@localhost'><body>x</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`);
    assert.deepEqual(named(both, 'chatapi.chat').map((d) => d.body ?? d.state), ['x', 'active']);
  });

  it('when a groupchat message with a body arrives, then chatapi.muc groupchat (with data)', () => {
    const events = eventsOf(`<message type='groupchat' from='lab@conference.localhost/bob' to='a@localhost/x'><body>hello room</body></message>`);
    assert.deepEqual(named(events, 'chatapi.muc'), [{ type: 'groupchat', to: 'a@localhost/x', from: 'lab@conference.localhost/bob', data: null, body: 'hello room' }]);
    assert.deepEqual(named(events, 'chatapi.chat'), []);
  });

  it('when a mediated invitation arrives, then chatapi.muc invitationReceived with room, inviter, password and reason', () => {
    const events = eventsOf(`<message from='lab@conference.localhost' to='a@localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='b@localhost/r'><reason>join us</reason></invite><password>pw</password></x></message>`);
    assert.deepEqual(named(events, 'chatapi.muc'), [{
      type: 'invitationReceived', password: 'pw', room: 'lab@conference.localhost', inviter: 'b@localhost/r',
      to: 'a@localhost', from: 'lab@conference.localhost', url: null, reason: 'join us',
    }]);
  });

  it('when a user (not a room) sends a muc#user invite naming another inviter, then no invitation event: an ordinary chat from the real sender', () => {
    const spoof = `<x xmlns='http://jabber.org/protocol/muc#user'><invite from='boss@localhost/desk'><reason>urgent</reason></invite><password>pw</password></x>`;
    const full = eventsOf(`<message from='mallory@localhost/web' to='a@localhost/x'><body>click</body>${spoof}</message>`);
    assert.deepEqual(named(full, 'chatapi.muc'), []);
    assert.deepEqual(named(full, 'chatapi.chat'), [{ type: 'normal', to: 'a@localhost/x', from: 'mallory@localhost/web', data: null, body: 'click' }]);
    // a bare JID on the receiver's own domain is a user, not a room
    const bareUser = eventsOf(`<message from='mallory@localhost' to='a@localhost/x'>${spoof}</message>`);
    assert.deepEqual(bareUser.map((e) => e.name), ['chatapi.xmpp']);
    // an occupant's full JID in a room is not the room either
    const occupant = eventsOf(`<message from='lab@conference.localhost/mallory' to='a@localhost/x'>${spoof}</message>`);
    assert.deepEqual(named(occupant, 'chatapi.muc'), []);
  });

  it('when an invitation bounces (type error), then it is not reported as an invitation', () => {
    const events = eventsOf(`<message type='error' from='lab@conference.localhost' to='a@localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='b@localhost'><reason>r</reason></invite></x><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`);
    assert.deepEqual(events.map((e) => e.name), ['chatapi.xmpp']);
  });

  it('when a direct invitation arrives, then the same event without password, the body as reason, and no chat event', () => {
    const events = eventsOf(`<message from='b@localhost/r' to='a@localhost'><body>come</body><x xmlns='jabber:x:conference' jid='lab@conference.localhost'/></message>`);
    assert.deepEqual(named(events, 'chatapi.muc'), [{
      type: 'invitationReceived', room: 'lab@conference.localhost', inviter: 'b@localhost/r', to: 'a@localhost', from: 'b@localhost/r', url: null, reason: 'come',
    }]);
    assert.deepEqual(named(events, 'chatapi.chat'), []);
  });

  it('when a bodiless message carries Jive data, then chatapi.notify; non-JSON data stays text', () => {
    const events = eventsOf(`<message from='admin@localhost' to='a@localhost'><properties xmlns='${JIVE}'><property><name>data</name><value type='string'>not json</value></property></properties></message>`);
    assert.deepEqual(named(events, 'chatapi.notify'), [{ type: 'notify', to: 'a@localhost', from: 'admin@localhost', data: 'not json' }]);
  });

  it('when the stream changes state, then a chatapi.xmpp connection notice without an xmpp key', () => {
    assert.deepEqual(connectionEvent('disconnected'), { name: 'chatapi.xmpp', data: { type: 'connection', status: 'disconnected' } });
    assert.deepEqual(connectionEvent('closed', 'idle').data, { type: 'connection', status: 'closed', reason: 'idle' });
  });
});
