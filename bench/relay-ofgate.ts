/**
 * Path (a), ofgate: the sender's REST call `POST chat/{sid}/messages/{to}` (after its login),
 * timed until the `chatapi.chat` event reaches the receiver's SSE stream (GET /sse/{user},
 * opened after the receiver's own login). One keep-alive agent carries every sender's calls,
 * with the sender's own Basic credentials, as a browser client would. With `via` (two instances
 * of the shared mode) both users log in on `og` while the receiver's SSE stream and the
 * sender's calls go to another instance: each message then crosses the internal hop (the call
 * to the stream's owner) and the event log's pub/sub (the event to the SSE stream's instance).
 */
import type { Agent } from 'node:http';
import { registerUsers } from './ejabberd-api.js';
import { basicAuth, postOk } from './http-client.js';
import { parseSeqBody, seqBody } from './message-seq.js';
import { loginWithPassword, logoff, openChatEvents, sendMessagePath, type OfgateTarget } from './ofgate-chat.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { RelayPath } from './relay-driver.js';
import type { SseConnection } from './sse-client.js';

export interface CrossInstance {
  /** The instance the receivers' SSE streams are opened on. */
  readonly sse: OfgateTarget;
  /** The instance the senders' message calls go to. */
  readonly send: OfgateTarget;
}

export async function openOfgatePath(og: OfgateTarget, ej: EjabberdTarget, lanes: number, prefix: string, agent: Agent, via?: CrossInstance): Promise<RelayPath> {
  const password = 'bench-pw';
  const senders = Array.from({ length: lanes }, (_, i) => `${prefix}s${i}`);
  const receivers = Array.from({ length: lanes }, (_, i) => `${prefix}r${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, [...senders, ...receivers], password);
  let deliver: (seq: number) => void = () => {};
  const rxSids = await Promise.all(receivers.map((u) => loginWithPassword(og, u, password)));
  const streams: SseConnection[] = await Promise.all(
    receivers.map((u) =>
      openChatEvents(via?.sse ?? og, u, password, (body) => {
        const seq = parseSeqBody(body);
        if (seq !== undefined) deliver(seq);
      }),
    ),
  );
  const txSids = await Promise.all(senders.map((u) => loginWithPassword(og, u, password)));
  const urls = txSids.map((sid, i) => sendMessagePath(via?.send ?? og, sid, `${receivers[i]}@${og.domain}`));
  const auth = senders.map((u) => basicAuth(u, password));
  return {
    name: via ? 'ofgate REST → SSE across two instances' : 'ofgate REST → SSE',
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
