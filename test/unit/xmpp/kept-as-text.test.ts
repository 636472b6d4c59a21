/**
 * The stanzas awaiting an XEP-0198 ack kept as their written text (issue 20, kept-as-text.ts), on
 * a real @xmpp/client whose socket is a recorder: the library's queue keeps its order and
 * meaning, acks drop items without parsing them, failures and resumption get elements back.
 */
import assert from 'node:assert/strict';
import { client, type Client } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';
import { guardClient } from '../../../gateway/xmpp/client-guards.js';
import { applyAck, KeptStanza, keepUnackedAsText } from '../../../gateway/xmpp/kept-as-text.js';

interface Internals {
  Transport: unknown;
  transports: Array<{ name: string }>;
  socket: unknown;
  streamManagement: { enabled: boolean; outbound: number; outbound_q: Array<{ stanza: unknown; stamp: string }>; requestAckInterval: number; requestAckDebounce: number; on(e: string, fn: (x: Element) => void): void };
  emit(event: string, ...args: unknown[]): boolean;
  write(text: string): Promise<void>;
  sendMany(elements: Element[]): Promise<void>;
}

function recordingClient(o: { guardedBytes?: number } = {}): { c: Client; i: Internals; wrote: string[] } {
  const c = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost', username: 'u', password: 'p' });
  if (o.guardedBytes) guardClient(c, () => undefined, { maxStanzaBytes: o.guardedBytes });
  keepUnackedAsText(c);
  const i = c as unknown as Internals;
  i.Transport = i.transports.find((t) => t.name === 'ConnectionTCP');
  const wrote: string[] = [];
  i.socket = { write: (s: string, cb: () => void) => (wrote.push(s), cb()) };
  i.streamManagement.enabled = true;
  // the library's own ack requests are not part of these cases
  i.streamManagement.requestAckInterval = 0;
  i.streamManagement.requestAckDebounce = 1e9;
  return { c, i, wrote };
}
const message = (id: string, body: string): Element => xml('message', { to: 'a@localhost', type: 'chat', id }, xml('body', {}, body));
const ack = (h: number): Element => xml('a', { xmlns: 'urn:xmpp:sm:3', h: String(h) });

/** Counts the parses of kept text (the `stanza` getter). */
function countParses(): { count(): number; restore(): void } {
  const desc = Object.getOwnPropertyDescriptor(KeptStanza.prototype, 'stanza') as PropertyDescriptor;
  let n = 0;
  Object.defineProperty(KeptStanza.prototype, 'stanza', { ...desc, get(this: KeptStanza) { n += 1; return desc.get?.call(this); } });
  return { count: () => n, restore: () => Object.defineProperty(KeptStanza.prototype, 'stanza', desc) };
}

describe('XEP-0198 queue kept as text', () => {
  it('when messages are sent, then each waits in the queue as the very text written, in order, and its element comes back equal', async () => {
    const { c, i, wrote } = recordingClient();
    await c.send(message('m1', 'a <b> & "c"'));
    await c.send(message('m2', 'two'));
    const q = i.streamManagement.outbound_q;
    assert.equal(q.length, 2);
    assert.ok(q.every((item) => item instanceof KeptStanza));
    assert.deepEqual(q.map((item) => (item as KeptStanza).text), wrote);
    assert.equal(String(q[0]?.stanza), String(message('m1', 'a <b> & "c"')));
    assert.match(q[0]?.stamp ?? '', /^\d{4}-\d\d-\d\dT/);
    // what a resumption does with an item: its element, with the stamp, sent again
    const { stanza, stamp } = q[1] as KeptStanza;
    assert.equal(stanza.attrs.id, 'm2');
    assert.equal(stamp, q[1]?.stamp);
  });

  it('when ejabberd acknowledges, then the covered items leave without being parsed and no ack event is needed', async () => {
    const { c, i } = recordingClient();
    for (const id of ['m1', 'm2', 'm3']) await c.send(message(id, id));
    const parses = countParses();
    try {
      i.emit('element', ack(2));
      await new Promise((r) => setImmediate(r));
      assert.equal(i.streamManagement.outbound, 2);
      assert.deepEqual(i.streamManagement.outbound_q.map((item) => (item as KeptStanza).text.includes('id="m3"')), [true]);
      assert.equal(parses.count(), 0);
    } finally {
      parses.restore();
    }
  });

  it('when an ack counts more than was sent, then the queue empties and the count follows, without the library throwing', async () => {
    const { c, i } = recordingClient();
    const errors: unknown[] = [];
    c.on('error', (e) => errors.push(e));
    await c.send(message('m1', 'x'));
    i.emit('element', ack(5));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([i.streamManagement.outbound_q.length, i.streamManagement.outbound, errors.length], [0, 5, 0]);
  });

  it('when the stream is lost for good, then each unacknowledged message fails as its element (unconfirmed-messages.ts resends them)', async () => {
    const { c, i } = recordingClient();
    await c.send(message('m1', 'first'));
    await c.send(xml('presence', {}, xml('status', {}, 'here')));
    const failed: Element[] = [];
    i.streamManagement.on('fail', (el) => failed.push(el));
    i.emit('offline');
    assert.deepEqual(failed.map((el) => [el.name, el.attrs.id ?? el.getChildText('status')]), [['message', 'm1'], ['presence', 'here']]);
    assert.equal(failed[0]?.getChildText('body'), 'first');
  });

  it('when a stanza was written without send (not seen), then its item stays as the library made it', async () => {
    const { c, i } = recordingClient();
    const el = message('raw', 'x');
    await i.write(el.toString()); // no send: nothing to pair with
    i.emit('send', el); // the library's queueing as if it had been sent
    await c.send(message('m2', 'y'));
    const q = i.streamManagement.outbound_q;
    assert.equal(q[0]?.stanza, el);
    assert.ok(q[1] instanceof KeptStanza);
  });

  it('when acks, requests and presences are sent after queued messages, then no kept text is parsed', async () => {
    const { c } = recordingClient();
    await c.send(message('m1', 'x'));
    const parses = countParses();
    try {
      await c.send(xml('r', { xmlns: 'urn:xmpp:sm:3' }));
      await c.send(xml('a', { xmlns: 'urn:xmpp:sm:3', h: '0' }));
      await c.send(xml('presence'));
      await c.send(message('m2', 'y'));
      assert.equal(parses.count(), 0);
    } finally {
      parses.restore();
    }
  });

  it('when an ack counts stanzas written but not yet queued (a late write), then they are dropped as they are queued', async () => {
    const { c, i } = recordingClient();
    await c.send(message('m1', 'x'));
    i.emit('element', ack(3)); // m1, and two more whose writes complete later
    await c.send(message('m2', 'y'));
    await c.send(message('m3', 'z'));
    await c.send(message('m4', 'w'));
    const q = i.streamManagement.outbound_q;
    assert.equal(i.streamManagement.outbound, 3);
    assert.deepEqual(q.map((item) => (item as KeptStanza).text.match(/id="(m\d)"/)?.[1]), ['m4']);
  });

  it('when a stream resumes with a queue larger than one stanza may be, then every stanza is written again on its own (client-guards.ts), each kept as text again', async () => {
    const { c, i, wrote } = recordingClient({ guardedBytes: 400 });
    const big = (id: string): Element => message(id, 'x'.repeat(250));
    await i.sendMany([big('r1'), big('r2'), big('r3')]); // 3 × ~320 bytes: over 400 as one text
    assert.deepEqual(wrote.map((t) => t.match(/id="(r\d)"/)?.[1]), ['r1', 'r2', 'r3']);
    assert.deepEqual(i.streamManagement.outbound_q.map((item) => item instanceof KeptStanza), [true, true, true]);
    void c;
  });

  it('when the kept text cannot be parsed back (never for what xmpp.js wrote), then the getter answers a placeholder instead of throwing', () => {
    assert.equal(new KeptStanza('<message><body>cut', 's').stanza.name, 'unparsed');
  });

  it('when applyAck is given an old, equal or unreadable count, then nothing changes', () => {
    const sm = { outbound: 3, outbound_q: [{ stanza: 'x', stamp: 's' }] };
    for (const h of [2, 3, Number.NaN]) applyAck(sm, h);
    assert.deepEqual(sm, { outbound: 3, outbound_q: [{ stanza: 'x', stamp: 's' }] });
  });
});
