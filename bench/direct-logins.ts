/**
 * The login baseline: plain @xmpp/client logins straight to ejabberd with PLAIN (~50 in
 * flight), each with its initial presence as ofgate's login sends one. The sessions are closed
 * again and ejabberd's session count is awaited back at its baseline.
 */
import type { Client } from '@xmpp/client';
import { connectedUsers, registerUsers } from './ejabberd-api.js';
import { measureLogins, type LoginRateResult } from './login-rate.js';
import { runPool } from './pool.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { Meter } from './relay-driver.js';
import { connectXmppUser, stopXmppUser } from './xmpp-user.js';

export async function measureDirectLogins(ej: EjabberdTarget, count: number, inFlight: number, meter: Meter): Promise<LoginRateResult> {
  const password = 'bench-pw';
  const users = Array.from({ length: count }, (_, i) => `dl${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, users, password);
  const baseline = await connectedUsers(ej.agent, ej.apiUrl);
  const clients: Client[] = [];
  const result = await measureLogins(count, inFlight, async (i) => {
    clients.push(await connectXmppUser({ service: ej.xmppService, domain: ej.domain, username: users[i] as string, password }));
  }, meter);
  await runPool(inFlight, clients.length, (i) => stopXmppUser(clients[i] as Client));
  await waitSessions(ej, baseline);
  return result;
}

/** Polls connected_users_number until it is back at `baseline` (30 s at most). */
export async function waitSessions(ej: EjabberdTarget, baseline: number): Promise<boolean> {
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    if ((await connectedUsers(ej.agent, ej.apiUrl)) <= baseline) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
