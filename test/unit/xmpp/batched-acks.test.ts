/**
 * Unit: a user stream answers ejabberd's XEP-0198 ack requests at most once per delay
 * (gateway/xmpp/batched-acks.ts), on a real @xmpp/client whose element dispatch and stream
 * management run as in a connection; only the socket write (send) and the clock are faked.
 */
import assert from 'node:assert/strict';
import { client as createClient, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { ACK_ANSWER_DELAY_MS, batchAckAnswers } from '../../../gateway/xmpp/batched-acks.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const NS_SM = 'urn:xmpp:sm:3';

interface Internals {
  status: string;
  _onElement(el: Element): void;
  send(el: Element): Promise<void>;
  emit(event: string, ...args: unknown[]): boolean;
  streamManagement: { enabled: boolean; inbound: number };
}

/** A client with XEP-0198 enabled and online, whose writes are recorded instead of sent. */
function onlineClient(clock: FakeClock, opts: { maxUnanswered?: number } = {}): { c: Internals; sent: string[] } {
  const client: Client = createClient({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
  client.on('error', () => {});
  batchAckAnswers(client, { clock, ...opts });
  const c = client as unknown as Internals;
  const sent: string[] = [];
  c.send = async (el) => void sent.push(el.toString());
  c.status = 'online';
  c.streamManagement.enabled = true;
  c.streamManagement.inbound = 0;
  return { c, sent };
}
const r = (): Element => xml('r', { xmlns: NS_SM });
const message = (i: number): Element => xml('message', { type: 'chat', id: String(i) }, xml('body', {}, 'x'));
const ackFor = (h: number): string => `<a xmlns="${NS_SM}" h="${h}"/>`;

describe('xmpp batched ack answers', () => {
  it('when ejabberd asks after every message, then one answer covers the delay, with every stanza handled by then', () => {
    const clock = createFakeClock();
    const { c, sent } = onlineClient(clock);
    for (let i = 1; i <= 3; i++) {
      c._onElement(message(i));
      c._onElement(r());
    }
    assert.deepEqual(sent, [], 'not answered at once');
    clock.advance(ACK_ANSWER_DELAY_MS - 1);
    c._onElement(message(4));
    assert.deepEqual(sent, []);
    clock.advance(1);
    assert.deepEqual(sent, [ackFor(4)]);
    assert.equal(clock.timers, 0);
    c._onElement(message(5));
    c._onElement(r());
    clock.advance(ACK_ANSWER_DELAY_MS);
    assert.deepEqual(sent, [ackFor(4), ackFor(5)], 'the next request gets its own answer');
  });

  it('when many stanzas come while an answer is pending, then it leaves at once (ejabberd bounds its unacked queue)', () => {
    const clock = createFakeClock();
    const { c, sent } = onlineClient(clock, { maxUnanswered: 3 });
    c._onElement(message(1));
    c._onElement(r());
    c._onElement(message(2));
    c._onElement(message(3));
    assert.deepEqual(sent, []);
    c._onElement(message(4));
    assert.deepEqual(sent, [ackFor(4)]);
    clock.advance(ACK_ANSWER_DELAY_MS);
    assert.deepEqual(sent, [ackFor(4)], 'answered once');
  });

  it('when the connection drops or closes with an answer pending, then that answer is not written', () => {
    const clock = createFakeClock();
    const { c, sent } = onlineClient(clock);
    c._onElement(message(1));
    c._onElement(r());
    c.emit('disconnect', { clean: false });
    clock.advance(ACK_ANSWER_DELAY_MS);
    assert.deepEqual(sent, []);
    assert.equal(clock.timers, 0);
    c.streamManagement.enabled = true;
    c._onElement(r());
    c.status = 'closing'; // the library's close hook sent its own <a/>
    clock.advance(ACK_ANSWER_DELAY_MS);
    assert.deepEqual(sent, []);
  });

  it('when stream management is not enabled, then an <r/> passes on to the library as before', () => {
    const clock = createFakeClock();
    const { c, sent } = onlineClient(clock);
    c.streamManagement.enabled = false;
    const seen: string[] = [];
    (c as unknown as Client).on('nonza', (el: Element) => seen.push(el.name));
    c._onElement(r());
    assert.deepEqual(seen, ['r']);
    assert.deepEqual(sent, [ackFor(0)], "the library's own answer, at once");
    assert.equal(clock.timers, 0, 'none pending here');
  });
});
