/**
 * The messages a user stream wrote that ejabberd never acknowledged (XEP-0198) before the
 * connection was lost, kept so the stream's owner can send them again once the stream is back
 * without resumption: a message answered 2xx is then not lost with ejabberd (same stanza, same
 * id, so a receiver can drop a duplicate).
 * Rules it keeps:
 * - acks are asked for ACK_REQUEST_DEBOUNCE_MS after a write: @xmpp/client's own 250 ms. Its
 *   debounce restarts with every write, so under steady traffic every message since the last pause
 *   stays unconfirmed and is sent again after a drop (a duplicate with the same id, which
 *   receivers drop). A 10 ms debounce confirmed sooner but made every message of a stream at a
 *   moderate rate wait ~15 ms (relay p50 at 1,000/s 16-18 ms against 2.1 ms, `bench/relay-ab.ts`,
 *   BENCHMARKS.md "Relay (issue 20)");
 * - only messages are kept (presence and rooms are restored by the pool; an iq's caller already
 *   got its error), at most MAX_UNCONFIRMED (the oldest go first, with a warning);
 * - nothing is kept once the stream is closing; a resumption sends them itself (`clear`).
 * References: XEP-0198 §4 (acks), §5 (resumption); @xmpp/stream-management 0.14 ('fail' events).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log/index.js';

export const ACK_REQUEST_DEBOUNCE_MS = 250;
export const MAX_UNCONFIRMED = 1000;

interface StreamManagementEvents {
  requestAckDebounce: number;
  on(e: 'fail', fn: (stanza: Element) => void): void;
}

export interface UnconfirmedMessages {
  /** The kept messages, oldest first, as the `reconnected` notice's field (absent when none); the list is emptied. */
  take(): { readonly unconfirmed?: readonly Element[] };
  clear(): void;
}

export function trackUnconfirmed(client: Client, o: { readonly username: string; readonly log: Logger; closing(): boolean }): UnconfirmedMessages {
  let kept: Element[] = [];
  const sm = (client as unknown as { streamManagement?: StreamManagementEvents }).streamManagement;
  if (sm) {
    sm.requestAckDebounce = ACK_REQUEST_DEBOUNCE_MS;
    sm.on('fail', (stanza) => {
      if (o.closing() || stanza.name !== 'message') return;
      kept.push(stanza);
      if (kept.length > MAX_UNCONFIRMED) {
        kept.shift();
        o.log.warn('xmpp: too many unconfirmed messages after a drop, the oldest is not sent again', { username: o.username });
      }
    });
  }
  return {
    take() {
      const all = kept;
      kept = [];
      return all.length > 0 ? { unconfirmed: all } : {};
    },
    clear() {
      kept = [];
    },
  };
}
