/**
 * Answers the server's XEP-0198 ack requests (<r/>) of a user stream at most once per
 * ACK_ANSWER_DELAY_MS instead of at once (issue 20: ejabberd's work per relayed message).
 * ejabberd asks after every stanza it sends while no request is outstanding, so a stream that
 * answers at once makes it send an <r/> and read an <a/> — a wake-up of the user's c2s process
 * — for nearly every message it delivers (bench/c2s-trace.ts: 0.9–1 pair per message at
 * 1,000 msgs/s). Answered after a short delay, one pair covers every stanza of that delay: ejabberd
 * sends no other <r/> while one is outstanding.
 * Rules it keeps:
 * - every <r/> is answered (XEP-0198 §4), within ACK_ANSWER_DELAY_MS, with `h` = the stanzas
 *   handled when the answer leaves (never more than were handled: @xmpp/stream-management counts
 *   a stanza as it passes it on);
 * - at once when ACK_ANSWER_MAX_UNANSWERED stanzas came in since the request (ejabberd ends a
 *   stream whose unacknowledged queue outgrows max_ack_queue, 5,000 by default);
 * - an answer pending when the connection drops is dropped (its count belongs to that
 *   connection; a resumption sends its own `h`); a graceful close sends its own <a/> (the
 *   library's close hook), so a pending answer after it is not written;
 * - nothing changes on a stream without XEP-0198 enabled.
 * What the delay costs: only a drop that is not resumed (a resumption sends the stream's own `h`)
 * makes ejabberd judge the unacknowledged queue, now up to ACK_ANSWER_DELAY_MS of messages
 * instead of a round trip's: with mod_stream_mgmt's defaults (resend_on_timeout: false) it drops
 * the ones it archived (a MAM user's: the archive catch-up, session-archive.ts, passes on only
 * what the session had not) and bounces the others to their senders as service-unavailable,
 * although ofgate did pass them on.
 * References: XEP-0198 §4 (acks), §5; ejabberd 23.01 mod_stream_mgmt (send_rack, resend_rack,
 * max_ack_queue); @xmpp/stream-management 0.14 (answers in its middleware).
 */
import xml, { type Element } from '@xmpp/xml';
import type { Client } from '@xmpp/client';
import { systemClock, type Clock } from '../clock/index.js';
import { coalesceWrites } from './coalesce-writes.js';
import { NS_SM } from './namespaces.js';

export const ACK_ANSWER_DELAY_MS = 100;
export const ACK_ANSWER_MAX_UNANSWERED = 500;


interface ElementDispatch {
  readonly status: string;
  _onElement(el: Element): void;
  send(el: Element): Promise<void>;
  on(event: 'disconnect', fn: () => void): unknown;
}

interface StreamManagementCounters {
  readonly enabled: boolean;
  readonly inbound: number;
}

export interface BatchedAckOptions {
  readonly delayMs?: number;
  readonly maxUnanswered?: number;
  /** Test seam (default: the system clock, whose timers never hold the process). */
  readonly clock?: Clock;
}

/** Installs the batching; call right after `client()` and before `start()` (the element listener is bound at the first connect). */
export function batchAckAnswers(client: Client, o: BatchedAckOptions = {}): void {
  const c = client as unknown as ElementDispatch;
  const sm = (client as unknown as { streamManagement?: StreamManagementCounters }).streamManagement;
  if (!sm || typeof c._onElement !== 'function') return;
  const delayMs = o.delayMs ?? ACK_ANSWER_DELAY_MS;
  const maxUnanswered = o.maxUnanswered ?? ACK_ANSWER_MAX_UNANSWERED;
  const clock = o.clock ?? systemClock;
  /** Cancels the pending answer, while one is pending. */
  let timer: (() => void) | undefined;
  /** sm.inbound when the request now pending came. */
  let askedAt = 0;

  const cancel = (): void => {
    timer?.();
    timer = undefined;
  };
  const answer = (): void => {
    cancel();
    if (!sm.enabled || c.status !== 'online') return;
    coalesceWrites(client);
    c.send(xml('a', { xmlns: NS_SM, h: String(sm.inbound) })).catch(() => undefined);
  };

  const onElement = c._onElement;
  c._onElement = function batchedOnElement(this: ElementDispatch, el: Element) {
    if (el.name === 'r' && el.attrs.xmlns === NS_SM && sm.enabled) {
      if (!timer) {
        askedAt = sm.inbound;
        timer = clock.after(delayMs, answer);
      }
      return;
    }
    onElement.call(this, el);
    if (timer && sm.inbound - askedAt >= maxUnanswered) answer();
  };
  c.on('disconnect', cancel);
}
