/**
 * How a user stream uses its connection to ejabberd (issue 20), installed right after `client()`
 * (after the TLS hook: the ack answers wrap the same element dispatch):
 * - XEP-0198: the server's ack requests answered at most every ACK_ANSWER_DELAY_MS
 *   (batched-acks.ts), and ours sent while the stream keeps sending (ack-requests.ts), so the
 *   library's queue of unacknowledged stanzas stays bounded;
 * - the stanzas awaiting an ack kept as their written text, not their element trees
 *   (kept-as-text.ts), so they die young instead of filling the old generation;
 * - no Nagle delay on the socket (TCP_NODELAY): a turn's writes already leave as one
 *   (coalesce-writes.ts), and with acks flowing back ejabberd's side delays its TCP ACKs, behind
 *   which Nagle held each next message (relay p99 at 1,000/s with the ack requests: 36.6 ms with
 *   Nagle, 12.0 without; medians of 3 alternating rounds, bench/relay-ab.ts, BENCHMARKS.md).
 */
import type { Client } from '@xmpp/client';
import { requestAcksWhileBusy } from './ack-requests.js';
import { batchAckAnswers } from './batched-acks.js';
import { keepUnackedAsText } from './kept-as-text.js';

interface SocketAttach {
  _attachSocket(socket: { setNoDelay?(noDelay: boolean): unknown }): void;
}

/** Every socket the client attaches (the TCP one, and the TLS one over it after STARTTLS) sends at once. */
function sendWithoutDelay(client: Client): void {
  const c = client as unknown as SocketAttach;
  if (typeof c._attachSocket !== 'function') return;
  const attach = c._attachSocket;
  c._attachSocket = function noDelayAttach(this: SocketAttach, socket) {
    socket.setNoDelay?.(true);
    attach.call(this, socket);
  };
}

export function tuneStreamWire(client: Client): void {
  batchAckAnswers(client);
  requestAcksWhileBusy(client);
  keepUnackedAsText(client);
  sendWithoutDelay(client);
}
