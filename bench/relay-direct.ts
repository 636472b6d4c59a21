/**
 * Path (b), the baseline: sender and receiver are plain @xmpp/client sessions straight to
 * ejabberd (c2s → c2s), one pair per lane (notes §11: 10 pairs, ≤ 20 in flight each).
 */
import type { Agent } from 'node:http';
import type { Client } from '@xmpp/client';
import { registerUsers } from './ejabberd-api.js';
import { parseSeqBody, seqBody } from './message-seq.js';
import type { RelayPath } from './relay-driver.js';
import { connectXmppUser, stopXmppUser, xml } from './xmpp-user.js';

export interface EjabberdTarget {
  readonly apiUrl: string;
  readonly xmppService: string;
  readonly domain: string;
  readonly agent: Agent;
}

export async function openDirectPath(ej: EjabberdTarget, lanes: number, prefix: string): Promise<RelayPath> {
  const password = 'bench-pw';
  const senders = Array.from({ length: lanes }, (_, i) => `${prefix}s${i}`);
  const receivers = Array.from({ length: lanes }, (_, i) => `${prefix}r${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, [...senders, ...receivers], password);
  let deliver: (seq: number) => void = () => {};
  const connect = (username: string, listen: boolean): Promise<Client> =>
    connectXmppUser({
      service: ej.xmppService,
      domain: ej.domain,
      username,
      password,
      ...(listen ? { onStanza: (el) => {
        if (el.name !== 'message') return;
        const seq = parseSeqBody(el.getChildText('body'));
        if (seq !== undefined) deliver(seq);
      } } : {}),
    });
  const rx = await Promise.all(receivers.map((u) => connect(u, true)));
  const tx = await Promise.all(senders.map((u) => connect(u, false)));
  const to = receivers.map((u) => `${u}@${ej.domain}`);
  return {
    name: 'direct XMPP (c2s → c2s)',
    lanes,
    send(lane, seq) {
      return (tx[lane] as Client).send(xml('message', { to: to[lane], type: 'chat' }, xml('body', {}, seqBody(seq))));
    },
    onDelivered(cb) {
      deliver = cb;
    },
    async close() {
      await Promise.all([...tx, ...rx].map(stopXmppUser));
    },
  };
}
