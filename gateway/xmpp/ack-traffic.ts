/**
 * A user stream's XEP-0198 ack traffic (issue 20), installed together right after `client()`:
 * the server's requests answered at most every ACK_ANSWER_DELAY_MS (batched-acks.ts), and ours
 * sent while the stream keeps sending (ack-requests.ts), so the library's queue of
 * unacknowledged stanzas stays bounded.
 */
import type { Client } from '@xmpp/client';
import { requestAcksWhileBusy } from './ack-requests.js';
import { batchAckAnswers } from './batched-acks.js';

export function tuneAckTraffic(client: Client): void {
  batchAckAnswers(client);
  requestAcksWhileBusy(client);
}
