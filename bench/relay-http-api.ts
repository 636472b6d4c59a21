/**
 * Path (c): ejabberd's own REST API. mod_http_api `send_message` (ejabberd-23.01.md §5) over
 * keep-alive HTTP, timed until the receiver's plain XMPP session gets the message.
 */
import type { Client } from '@xmpp/client';
import { registerUsers } from './ejabberd-api.js';
import { postOk } from './http-client.js';
import { parseSeqBody, seqBody } from './message-seq.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { RelayPath } from './relay-driver.js';
import { connectXmppUser, stopXmppUser } from './xmpp-user.js';

export async function openHttpApiPath(ej: EjabberdTarget, lanes: number, prefix: string): Promise<RelayPath> {
  const password = 'bench-pw';
  const senders = Array.from({ length: lanes }, (_, i) => `${prefix}s${i}`);
  const receivers = Array.from({ length: lanes }, (_, i) => `${prefix}r${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, [...senders, ...receivers], password);
  let deliver: (seq: number) => void = () => {};
  const rx = await Promise.all(
    receivers.map((username) =>
      connectXmppUser({
        service: ej.xmppService,
        domain: ej.domain,
        username,
        password,
        onStanza: (el) => {
          if (el.name !== 'message') return;
          const seq = parseSeqBody(el.getChildText('body'));
          if (seq !== undefined) deliver(seq);
        },
      }),
    ),
  );
  const from = senders.map((u) => `${u}@${ej.domain}`);
  const to = receivers.map((u) => `${u}@${ej.domain}`);
  const url = `${ej.apiUrl}/send_message`;
  return {
    name: 'ejabberd mod_http_api send_message',
    lanes,
    async send(lane, seq) {
      await postOk(ej.agent, url, JSON.stringify({ type: 'chat', from: from[lane], to: to[lane], subject: '', body: seqBody(seq) }));
    },
    onDelivered(cb) {
      deliver = cb;
    },
    async close() {
      await Promise.all(rx.map((x: Client) => stopXmppUser(x)));
    },
  };
}
