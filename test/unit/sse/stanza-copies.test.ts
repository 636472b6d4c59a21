/**
 * sse.stanzaCopies (issue 20): which streams get ofchat's chatapi.xmpp copy of every stanza,
 * and when a producer is told to build it at all.
 */
import assert from 'node:assert/strict';
import { stanzaEvents } from '../../../gateway/chat/index.js';
import { createMemoryEventLog } from '../../../gateway/events/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { createEventHub, isStanzaCopy, wantsStanzaCopies, type ChatEvent, type EventHub, type StanzaCopies } from '../../../gateway/sse/index.js';
import { parseStanzaText, readStanza } from '../../../gateway/xmpp/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { createMemorySink } from '../../kit/memory-sink.js';

const copy: ChatEvent = { name: 'chatapi.xmpp', data: { xmpp: Buffer.from('<message/>').toString('base64') } };
const notice: ChatEvent = { name: 'chatapi.xmpp', data: { type: 'connection', status: 'disconnected' } };
const chat: ChatEvent = { name: 'chatapi.chat', data: { type: 'chat', body: 'hi' } };
const names = (sink: ReturnType<typeof createMemorySink>): string[] => sink.events().map((e) => (e.event === 'chatapi.xmpp' ? (e.data.startsWith('{"xmpp"') ? 'copy' : 'notice') : e.event));

describe('sse stanza copies (chatapi.xmpp {xmpp})', () => {
  let hub: EventHub;
  const make = (stanzaCopies?: StanzaCopies): EventHub => {
    const clock = createFakeClock();
    const log = createMemoryEventLog({ maxEvents: 50, maxBytes: 1 << 20, maxTotalBytes: 1 << 30, epoch: clock.now() });
    return (hub = createEventHub({ log, maxBufferedBytes: 1 << 16, heartbeatSeconds: 10, logger: silentLogger, clock, ...(stanzaCopies ? { stanzaCopies } : {}) }));
  };
  afterEach(() => hub.stop());

  it('when the config is every-stanza (the default), then copies are wanted with or without streams, and every stream gets them', () => {
    make();
    assert.equal(hub.wantsStanzaCopies('alice'), true);
    const a = createMemorySink();
    hub.subscribe('alice', a);
    assert.equal(hub.wantsStanzaCopies('alice'), true);
    for (const e of [copy, chat, notice]) hub.publish('alice', e);
    assert.deepEqual(names(a), ['copy', 'chatapi.chat', 'notice']);
  });

  it('when the config is when-asked, then copies are wanted only while a stream that asked is open', () => {
    make('when-asked');
    assert.equal(hub.wantsStanzaCopies('alice'), false);
    const plain = hub.subscribe('alice', createMemorySink());
    assert.equal(hub.wantsStanzaCopies('alice'), false);
    const asking = hub.subscribe('alice', createMemorySink(), undefined, { stanzaCopies: true });
    assert.equal(hub.wantsStanzaCopies('Alice'), true);
    asking.close();
    assert.equal(hub.wantsStanzaCopies('alice'), false);
    plain.close();
    assert.equal(hub.wantsStanzaCopies('alice'), false);
  });

  it('when one stream asked and another did not, then only the asking one gets copies, both get notices and chat events', () => {
    make('when-asked');
    const asking = createMemorySink();
    const plain = createMemorySink();
    hub.subscribe('alice', asking, undefined, { stanzaCopies: true });
    hub.subscribe('alice', plain);
    for (const e of [copy, chat, notice]) hub.publish('alice', e);
    assert.deepEqual(names(asking), ['copy', 'chatapi.chat', 'notice']);
    assert.deepEqual(names(plain), ['chatapi.chat', 'notice']);
  });

  it('when every open stream opted out under every-stanza, then none are wanted; a replay to an opted-out stream skips the copies kept', () => {
    make();
    for (const e of [copy, chat]) hub.publish('alice', e); // no stream open: kept for replay
    const out = createMemorySink();
    hub.subscribe('alice', out, '0-0', { stanzaCopies: false });
    assert.equal(hub.wantsStanzaCopies('alice'), false);
    assert.deepEqual(names(out).filter((n) => n !== 'notice'), ['chatapi.chat']); // after the resync notice ('0-0' is no id of this log)
    hub.publish('alice', chat);
    const later = createMemorySink();
    hub.subscribe('alice', later, '0-0');
    assert.deepEqual(names(later).filter((n) => n !== 'notice'), ['copy', 'chatapi.chat', 'chatapi.chat']);
  });

  it('when a producer has no choice to ask (a bare publisher), then it builds copies (ofchat)', () => {
    assert.equal(wantsStanzaCopies({ publish() {} }, 'alice'), true);
    make('when-asked');
    assert.equal(wantsStanzaCopies(hub, 'alice'), false);
  });

  it('when a stanza is mapped without a copy, then its other events are the same and no chatapi.xmpp is built', () => {
    const s = readStanza(parseStanzaText(`<message type='chat' from='b@localhost/r' to='a@localhost/x'><body>hi</body></message>`));
    assert.ok(s);
    const withCopy = stanzaEvents(s);
    const without = stanzaEvents(s, false);
    assert.equal(withCopy[0]?.name, 'chatapi.xmpp');
    assert.deepEqual(without, withCopy.slice(1));
    assert.equal(without.some((e) => e.name === 'chatapi.xmpp'), false);
  });

  it('when logged data is a copy or a notice, then isStanzaCopy tells them apart', () => {
    assert.equal(isStanzaCopy('chatapi.xmpp', '{"xmpp":"PG1lc3NhZ2UvPg=="}'), true);
    assert.equal(isStanzaCopy('chatapi.xmpp', '{"type":"connection","status":"closed"}'), false);
    assert.equal(isStanzaCopy('chatapi.chat', '{"xmpp":"x"}'), false);
  });

  it('when no copy is wanted, then the received stanza is never serialised; when one is, once', () => {
    const el = parseStanzaText('<message from="bob@localhost/r" to="alice@localhost" type="chat"><body>hi</body></message>');
    let serialised = 0;
    const toString = el.toString.bind(el);
    el.toString = () => {
      serialised += 1;
      return toString();
    };
    const s = readStanza(el);
    assert.ok(s);
    assert.deepEqual(stanzaEvents(s, false).map((e) => e.name), ['chatapi.chat']);
    assert.equal(serialised, 0, 'not serialised for a chat event alone');
    assert.deepEqual(stanzaEvents(s, true).map((e) => e.name), ['chatapi.xmpp', 'chatapi.chat']);
    assert.match(s.xml, /^<message [^>]*xmlns="jabber:client"/);
    assert.equal(serialised, 1, 'serialised once, kept');
  });
});
