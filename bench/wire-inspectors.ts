/**
 * The trace proxy's inspectors (bench/trace-proxy.ts) for the two protocols the relay's wire
 * traces look at (bench/c2s-trace.ts):
 * - XMPP c2s: every top-level element by kind (xmpp-wire.ts); the server's bind result labels
 *   the connection with `labelOf(user)`;
 * - HTTP/1.1: every request by method and path (query left out) going up, every response by
 *   status coming down, found at the start of a read (keep-alive requests are one write each).
 * Rules it keeps: an inspector only counts; it never changes or holds the bytes.
 */
import { boundUser, createWireReader, elementKind } from './xmpp-wire.js';
import type { Inspector, InspectorContext } from './trace-proxy.js';

/** Counts the elements of one c2s direction; labels the connection when it binds. */
export function xmppInspector(labelOf: (user: string) => string): (ctx: InspectorContext) => Inspector {
  return (ctx) =>
    createWireReader((el) => {
      ctx.found(elementKind(el), Buffer.byteLength(el.toString()));
      const user = boundUser(el);
      if (user !== undefined) ctx.label(labelOf(user));
    });
}

const REQUEST = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) ([^ ?\r\n]+)\S* HTTP\/1\.[01]\r\n/gm;
const RESPONSE = /^HTTP\/1\.[01] (\d{3})/gm;

/** Counts HTTP requests (up) or responses (down) by the line that starts them. */
export function httpInspector(direction: 'up' | 'down'): (ctx: InspectorContext) => Inspector {
  const re = direction === 'up' ? REQUEST : RESPONSE;
  return (ctx) => ({
    write(chunk) {
      const text = chunk.toString('latin1');
      for (const m of text.matchAll(re)) ctx.found(direction === 'up' ? `${m[1]} ${m[2]}` : `HTTP ${m[1]}`, 0);
    },
  });
}

/** A benchmark body "m<seq>" (message-seq.ts) as it appears on a wire: in an element, a JSON string, or a request body. */
const SEQ_BODY = /(?:^|[>"\n])m(\d+)(?=[<"]|$)/g;

/**
 * Calls `seen(seq)` for every benchmark body in a read (a relay timeline's stamps, relay-timeline.ts).
 * A body split across two reads is missed rather than misread: its first half ends a read as a
 * smaller number, which the sender used earlier (sequence numbers only grow) and whose first
 * sighting is already kept.
 */
export function seqInspector(seen: (seq: number) => void): Inspector {
  return {
    write(chunk) {
      for (const m of chunk.toString('latin1').matchAll(SEQ_BODY)) seen(Number(m[1]));
    },
  };
}
