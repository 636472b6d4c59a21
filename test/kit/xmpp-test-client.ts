/**
 * A plain @xmpp/client connected straight to ejabberd (not through ofgate): the "independent
 * XMPP user" of e2e tests. PLAIN on loopback (SCRAM costs ~0.3 s a login), no reconnect,
 * every stanza recorded so tests can await the one they expect.
 */
import { client, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { guardClient, stopClient, streamManagementSettled } from '../../gateway/xmpp/index.js';

export { xml };

export interface TestXmpp {
  readonly xmpp: Client;
  readonly jid: string;
  readonly received: Element[];
  /** Resolves with the first stanza (already received or arriving) that matches. */
  waitFor(match: (el: Element) => boolean, timeoutMs?: number, what?: string): Promise<Element>;
  send(el: Element): Promise<void>;
  stop(): Promise<void>;
}

export async function connectXmpp(opts: { service: string; domain: string; username: string; password: string; resource?: string; presence?: boolean }): Promise<TestXmpp> {
  const xmpp = client({
    service: opts.service,
    domain: opts.domain,
    resource: opts.resource ?? 'test',
    credentials: (authenticate) => authenticate({ username: opts.username, password: opts.password }, 'PLAIN'),
  });
  // The gateway's own guards against @xmpp/client 0.14's close races (notes pitfall 18).
  guardClient(xmpp, () => {});
  xmpp.reconnect.stop();
  const received: Element[] = [];
  const waiters = new Set<{ match: (el: Element) => boolean; resolve: (el: Element) => void }>();
  xmpp.on('stanza', (el: Element) => {
    received.push(el);
    for (const w of [...waiters]) if (w.match(el)) {
      waiters.delete(w);
      w.resolve(el);
    }
  });
  const address = await xmpp.start();
  await streamManagementSettled(xmpp, 5000);
  const me = address.toString();
  const t: TestXmpp = {
    xmpp,
    jid: me,
    received,
    waitFor(match, timeoutMs = 5000, what = 'stanza') {
      const have = received.find(match);
      if (have) return Promise.resolve(have);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (el: Element) => { clearTimeout(t); resolve(el); } };
        const t = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got: ${received.map((r) => r.toString()).join('\n').slice(-2000)}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    send: (el) => xmpp.send(el),
    stop: () => stopClient(xmpp, 2000),
  };
  if (opts.presence ?? true) {
    // Available once ejabberd has processed it (it reflects it to us): a message to the bare
    // JID sent right after would otherwise find no available resource and go offline.
    const reflected = t.waitFor((el) => el.is('presence') && el.attrs.from === me && !el.attrs.type, 5000, 'our own initial presence');
    await xmpp.send(xml('presence'));
    await reflected;
  }
  return t;
}

/** Registers a user through mod_http_api (test setup only). */
export async function registerUser(apiUrl: string, domain: string, user: string, password: string): Promise<void> {
  const res = await fetch(`${apiUrl}/register`, { method: 'POST', body: JSON.stringify({ user, host: domain, password }) });
  if (!res.ok) throw new Error(`register ${user}: ${res.status} ${await res.text()}`);
}

/** Calls an ejabberd API command directly (to check effects in ejabberd itself). */
export async function ejabberdApi<T = unknown>(apiUrl: string, command: string, args: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${apiUrl}/${command}`, { method: 'POST', body: JSON.stringify(args) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${command}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
