/**
 * Unit: a user stream that keeps sending asks for XEP-0198 acks at most one delay after an
 * unacknowledged stanza went out (gateway/xmpp/ack-requests.ts), so @xmpp/stream-management's
 * outbound queue stays bounded; on a real @xmpp/client whose middleware and stream management run
 * as in a connection, only the socket write and the clock are faked.
 */
import assert from 'node:assert/strict';
import { client as createClient, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { ACK_REQUEST_DELAY_MS, requestAcksWhileBusy } from '../../../gateway/xmpp/ack-requests.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const NS_SM = 'urn:xmpp:sm:3';
const R = `<r xmlns="${NS_SM}"/>`;

interface Internals {
  status: string;
  write(text: string): Promise<void>;
  send(el: Element): Promise<void>;
  emit(event: string, ...args: unknown[]): boolean;
  streamManagement: { enabled: boolean; outbound_q: unknown[]; requestAckDebounce: number; requestAckInterval: number };
}

/** A client with XEP-0198 enabled and online, whose socket writes are recorded. */
function onlineClient(clock: FakeClock): { c: Internals; written: string[] } {
  const client: Client = createClient({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
  client.on('error', () => {});
  requestAcksWhileBusy(client, { clock });
  const c = client as unknown as Internals;
  const written: string[] = [];
  c.write = async (text) => void written.push(text);
  // what connect() picks: the TCP transport, whose send writes and emits 'send' (the middleware's trigger)
  (c as unknown as { Transport: unknown }).Transport = (client as unknown as { transports: unknown[] }).transports[0];
  c.status = 'online';
  c.streamManagement.enabled = true;
  // the library's own pause-time request (a real timer) kept out of the way
  c.streamManagement.requestAckDebounce = 3_600_000;
  c.streamManagement.requestAckInterval = 0;
  return { c, written };
}
const message = (i: number): Element => xml('message', { type: 'chat', to: 'b@localhost', id: String(i) }, xml('body', {}, 'x'));
const requests = (written: readonly string[]): number => written.filter((w) => w === R).length;
const ack = (c: Internals, h: number): void => void c.emit('element', xml('a', { xmlns: NS_SM, h: String(h) }));
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('xmpp ack requests while busy', () => {
  let clock: FakeClock;
  let stop: Internals | undefined;
  beforeEach(() => {
    clock = createFakeClock();
  });
  afterEach(() => {
    stop?.emit('disconnect');
    stop = undefined;
  });

  it('when a stream sends every 50 ms, then it asks once per delay (the library alone never would), not once per stanza', async () => {
    const { c, written } = onlineClient(clock);
    stop = c;
    for (let i = 0; i < 20; i++) {
      await c.send(message(i));
      clock.advance(50);
    }
    await settle();
    // 1,000 ms of sending: a request at 250, 500 (armed by the first stanza after), 750, 1,000 at most
    assert.ok(requests(written) >= 3 && requests(written) <= 4, `requests: ${requests(written)}`);
    assert.equal(c.streamManagement.outbound_q.length, 20); // nothing acked yet: the server has not answered
  });

  it('when the server answers each request, then the queue holds at most about one delay of stanzas', async () => {
    const { c, written } = onlineClient(clock);
    stop = c;
    let longest = 0;
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      await c.send(message(i));
      clock.advance(10);
      await settle();
      if (requests(written) > answered) {
        answered = requests(written);
        ack(c, i + 1); // the server has handled everything sent so far
        await settle();
      }
      longest = Math.max(longest, c.streamManagement.outbound_q.length);
    }
    assert.ok(longest <= ACK_REQUEST_DELAY_MS / 10 + 1, `longest queue: ${longest}`);
  });

  it('when everything was acknowledged, or the stream is not online, or it dropped, then no request goes out', async () => {
    const { c, written } = onlineClient(clock);
    stop = c;
    await c.send(message(1));
    ack(c, 1);
    await settle();
    clock.advance(ACK_REQUEST_DELAY_MS);
    assert.equal(requests(written), 0, 'acknowledged');

    await c.send(message(2));
    c.status = 'offline';
    clock.advance(ACK_REQUEST_DELAY_MS);
    assert.equal(requests(written), 0, 'offline');

    c.status = 'online';
    await c.send(message(3));
    c.emit('disconnect');
    c.streamManagement.enabled = true;
    clock.advance(ACK_REQUEST_DELAY_MS);
    assert.equal(requests(written), 0, 'dropped');
  });

  it('when XEP-0198 is not enabled, then nothing is asked', async () => {
    const { c, written } = onlineClient(clock);
    stop = c;
    c.streamManagement.enabled = false;
    await c.send(message(1));
    clock.advance(ACK_REQUEST_DELAY_MS * 2);
    assert.equal(requests(written), 0);
  });
});
