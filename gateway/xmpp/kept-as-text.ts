/**
 * The stanzas a user stream sent and ejabberd has not acknowledged yet (XEP-0198), kept as the
 * text that was written instead of as element trees (issue 20). @xmpp/stream-management keeps
 * each sent stanza in its outbound queue until an <a/> covers it: under steady traffic that is
 * up to ACK_REQUEST_DELAY_MS plus a round trip, long enough for every young-generation GC to
 * copy the tree (about thirty objects per message) and then promote it to the old generation,
 * whose collections paused the relay for 10-18 ms after a busy spell. The written text is one
 * string the stream already made; the tree dies young.
 * Rules it keeps:
 * - the library's queue keeps its order, length and meaning: each item still answers `stanza`
 *   (the element, parsed back from the text on demand) and `stamp`, so a resumption sends the
 *   same stanzas again (with their delay stamp) and a lost stream fails them ('fail' events,
 *   unconfirmed-messages.ts) as before;
 * - an <a/> (and a <resumed/>'s count) is applied to the queue before the library's own handler
 *   sees it, so acknowledged items are dropped without being parsed back (nothing in ofgate
 *   listens to the library's 'ack' event, which is therefore not emitted); a count ahead of the
 *   queue (stanzas written but queued only when their write completes) is owed and settled as
 *   they are queued (the library would throw on it);
 * - the text is parsed back without the REST input checks (it is ofgate's own serialisation) and
 *   never throws: the getter runs inside disconnect handlers;
 * - a stanza whose text was not seen (written some other way) stays in the queue as it was.
 * References: XEP-0198 §4; @xmpp/stream-management 0.14 (outbound_q, ackQueue, queueToStanza);
 * @xmpp/connection 0.14 (send: element.toString(), then write).
 */
import type { Client } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';
import { isStanzaName, NS_SM } from './namespaces.js';
import { parseWrittenStanza } from './parse-stanza-text.js';

interface QueueItem {
  readonly stanza: unknown;
  readonly stamp: string;
}

interface StreamManagementInternals {
  outbound: number;
  outbound_q: QueueItem[];
}

interface ClientInternals {
  send(element: Element, ...rest: unknown[]): Promise<void>;
  write(text: string): Promise<void>;
  middleware?: { filter(fn: (ctx: { stanza: Element }, next: () => unknown) => unknown): unknown };
  prependListener(event: 'element', fn: (el: Element) => void): unknown;
  on(event: 'disconnect', fn: () => void): unknown;
  streamManagement?: StreamManagementInternals;
}

/** A queue item holding the written text; its element is made again only when asked for (resume, failure). */
export class KeptStanza implements QueueItem {
  constructor(
    readonly text: string,
    readonly stamp: string,
  ) {}

  /** Never throws (it is read inside the library's and client-guards.ts's disconnect handlers). */
  get stanza(): Element {
    return parseWrittenStanza(this.text) ?? xml('unparsed', { xmlns: 'urn:ofgate:unparsed' });
  }
}

/** Acks that counted stanzas already written but not yet queued (the library queues one once its write completes). */
interface AckDebt {
  owed: number;
}

/**
 * Drops the items an <a h=…/> (or a <resumed h=…/>) acknowledges, as the library would, without
 * reading them. A count ahead of the queue covers stanzas written but not queued yet (a write
 * that completed late, under back-pressure): they are owed, and dropped as they are queued.
 */
export function applyAck(sm: StreamManagementInternals, h: number, debt: AckDebt = { owed: 0 }): void {
  const ahead = h - sm.outbound;
  if (!Number.isSafeInteger(h) || ahead <= 0) return;
  const dropped = Math.min(ahead, sm.outbound_q.length);
  sm.outbound_q.splice(0, dropped);
  debt.owed += ahead - dropped;
  sm.outbound = h;
}

/** Installs the text queue on a client with XEP-0198; call right after `client()` (other clients: nothing). */
export function keepUnackedAsText(client: Client): void {
  const c = client as unknown as ClientInternals;
  const sm = c.streamManagement;
  if (!sm || !c.middleware) return;
  const written = new WeakMap<Element, string>();
  let sending: Element | undefined;

  // the library's send serialises and writes in one synchronous step: the text written is the element's
  const send = c.send;
  c.send = function sendKeepingText(this: ClientInternals, element: Element, ...rest: unknown[]) {
    sending = element;
    try {
      return send.call(this, element, ...rest);
    } finally {
      sending = undefined;
    }
  };
  const write = c.write;
  c.write = function writeKeepingText(this: ClientInternals, text: string) {
    if (sending) {
      written.set(sending, text);
      sending = undefined;
    }
    return write.call(this, text);
  };

  const debt: AckDebt = { owed: 0 };
  // runs after stream management's filter, which has just queued this stanza last (nonzas are not queued)
  c.middleware.filter((ctx, next) => {
    const el = ctx.stanza;
    const text = written.get(el);
    if (text !== undefined) written.delete(el);
    const q = sm.outbound_q;
    const last = q[q.length - 1];
    // a KeptStanza is never the element just sent: it is not read (its `stanza` would parse)
    if (isStanzaName(el.name) && last !== undefined && !(last instanceof KeptStanza) && last.stanza === el) {
      if (debt.owed > 0) {
        debt.owed -= 1;
        q.pop(); // already acknowledged
      } else if (text !== undefined) q[q.length - 1] = new KeptStanza(text, last.stamp);
    }
    return next();
  });

  c.prependListener('element', (el) => {
    if ((el.name === 'a' || el.name === 'resumed') && el.attrs.xmlns === NS_SM) applyAck(sm, Number(el.attrs.h), debt);
  });
  c.on('disconnect', () => {
    debt.owed = 0;
  });
}
