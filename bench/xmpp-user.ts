/**
 * A plain @xmpp/client session straight to ejabberd for the baselines: PLAIN on loopback
 * (SCRAM costs ~0.3 s of client PBKDF2 per login, ejabberd-23.01.md §7), no reconnect, and a
 * stop that can never throw (pitfall 18: late bytes after stop() and ECONNRESET on close).
 */
import { client, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

export { xml };

export interface XmppUserOptions {
  service: string;
  domain: string;
  username: string;
  password: string;
  resource?: string;
  onStanza?: (el: Element) => void;
}

export async function connectXmppUser(o: XmppUserOptions): Promise<Client> {
  const x = client({
    service: o.service,
    domain: o.domain,
    resource: o.resource ?? 'bench',
    credentials: (authenticate) => authenticate({ username: o.username, password: o.password }, 'PLAIN'),
  });
  x.on('error', () => {});
  x.reconnect.stop();
  if (o.onStanza) x.on('stanza', o.onStanza);
  await x.start();
  await x.send(xml('presence'));
  return x;
}

export async function stopXmppUser(x: Client): Promise<void> {
  await Promise.race([x.stop().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
}
