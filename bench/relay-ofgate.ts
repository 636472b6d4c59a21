/**
 * Path (a), ofgate: the sender's REST call `POST chat/{sid}/messages/{to}` (after its login),
 * timed until the `chatapi.chat` event reaches the receiver's SSE stream (GET /sse/{user},
 * opened after the receiver's own login). One keep-alive agent carries every sender's calls,
 * with the sender's own Basic credentials, as a browser client would.
 */
import type { Agent } from 'node:http';
import { registerUsers } from './ejabberd-api.js';
import { basicAuth, postOk } from './http-client.js';
import { parseSeqBody, seqBody } from './message-seq.js';
import { loginWithPassword, logoff, openChatEvents, sendMessagePath, type OfgateTarget } from './ofgate-chat.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { RelayPath } from './relay-driver.js';
import type { SseConnection } from './sse-client.js';

export async function openOfgatePath(og: OfgateTarget, ej: EjabberdTarget, lanes: number, prefix: string, agent: Agent): Promise<RelayPath> {
  const password = 'bench-pw';
  const senders = Array.from({ length: lanes }, (_, i) => `${prefix}s${i}`);
  const receivers = Array.from({ length: lanes }, (_, i) => `${prefix}r${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, [...senders, ...receivers], password);
  let deliver: (seq: number) => void = () => {};
  const rxSids = await Promise.all(receivers.map((u) => loginWithPassword(og, u, password)));
  const streams: SseConnection[] = await Promise.all(
    receivers.map((u) =>
      openChatEvents(og, u, password, (body) => {
        const seq = parseSeqBody(body);
        if (seq !== undefined) deliver(seq);
      }),
    ),
  );
  const txSids = await Promise.all(senders.map((u) => loginWithPassword(og, u, password)));
  const urls = txSids.map((sid, i) => sendMessagePath(og, sid, `${receivers[i]}@${og.domain}`));
  const auth = senders.map((u) => basicAuth(u, password));
  return {
    name: 'ofgate REST → SSE',
    lanes,
    async send(lane, seq) {
      await postOk(agent, urls[lane] as string, seqBody(seq), { Authorization: auth[lane] as string, 'Content-Type': 'text/plain' });
    },
    onDelivered(cb) {
      deliver = cb;
    },
    async close() {
      for (const s of streams) s.close();
      await Promise.all([...txSids, ...rxSids].map((sid) => logoff(og, sid).catch(() => {})));
    },
  };
}
