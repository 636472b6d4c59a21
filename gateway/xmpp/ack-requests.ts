/**
 * Asks the server for an XEP-0198 ack (<r/>) while a user stream keeps sending (issue 20).
 * @xmpp/stream-management keeps every stanza sent in its outbound queue until the server acks
 * it, and asks only after a 250 ms pause in sending (a debounce that every stanza restarts): a
 * stream that sends more often than every 250 ms — a busy operator, a bot, the relay benchmark —
 * never asks, so its queue (each stanza's element tree) grows for as long as the flow lasts,
 * fills the old generation and lengthens every young-generation GC.
 * Rules it keeps:
 * - a stanza (message, presence, iq) sent while none is pending arms one request
 *   ACK_REQUEST_DELAY_MS later; later stanzas do not move it (a throttle, not a debounce);
 * - the request goes out only if the stream is online with XEP-0198 enabled and something is
 *   still unacknowledged; the library's own pause-time request and its <a/> handling are
 *   unchanged (an <a/> trims the queue whoever asked);
 * - a pending request is dropped when the connection drops (the queue then belongs to the
 *   resumption or to client-guards.ts's failure path).
 * So the queue holds at most about ACK_REQUEST_DELAY_MS of stanzas plus a round trip, at the
 * cost of one <r/>/<a/> pair per delay per busy stream (ejabberd's side: 4 per second at most).
 * References: XEP-0198 §4; @xmpp/stream-management 0.14 (outbound_q, requestAckDebounce).
 */
import xml, { type Element } from '@xmpp/xml';
import type { Client } from '@xmpp/client';
import { systemClock, type Clock } from '../clock/index.js';
import { isStanzaName, NS_SM } from './namespaces.js';

export const ACK_REQUEST_DELAY_MS = 250;


interface Sender {
  readonly status: string;
  send(el: Element): Promise<void>;
  on(event: 'send', fn: (el: Element) => void): unknown;
  on(event: 'disconnect', fn: () => void): unknown;
}

interface OutboundQueue {
  readonly enabled: boolean;
  readonly outbound_q: readonly unknown[];
}

export interface AckRequestOptions {
  readonly delayMs?: number;
  /** Test seam (default: the system clock). */
  readonly clock?: Clock;
}

/** Installs the requests; call right after `client()`. Nothing changes on a client without XEP-0198. */
export function requestAcksWhileBusy(client: Client, o: AckRequestOptions = {}): void {
  const c = client as unknown as Sender;
  const sm = (client as unknown as { streamManagement?: OutboundQueue }).streamManagement;
  if (!sm) return;
  const delayMs = o.delayMs ?? ACK_REQUEST_DELAY_MS;
  const clock = o.clock ?? systemClock;
  let cancel: (() => void) | undefined;

  const ask = (): void => {
    cancel = undefined;
    if (!sm.enabled || c.status !== 'online' || sm.outbound_q.length === 0) return;
    c.send(xml('r', { xmlns: NS_SM })).catch(() => undefined);
  };
  c.on('send', (el) => {
    if (!cancel && sm.enabled && isStanzaName(el.name)) cancel = clock.after(delayMs, ask);
  });
  c.on('disconnect', () => {
    cancel?.();
    cancel = undefined;
  });
}
