/**
 * The messages a user stream wrote that ejabberd never acknowledged (XEP-0198) before the
 * connection was lost, kept so the stream's owner can send them again once the stream is back
 * without resumption: a message answered 2xx is then not lost with ejabberd (same stanza, same
 * id, so a receiver can drop a duplicate).
 * Rules it keeps:
 * - acks are asked for ACK_REQUEST_DEBOUNCE_MS after a pause in writing (@xmpp/client's own
 *   250 ms debounce) and, under steady traffic, at most 250 ms after an unacknowledged write
 *   (ack-requests.ts): what was sent in the last ~250 ms before a drop stays unconfirmed and is
 *   sent again (a duplicate with the same id, which receivers drop). Asking sooner cost latency
 *   only while Nagle was on (stream-wire.ts turns it off);
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
