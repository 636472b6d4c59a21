/**
 * ofgate's login rates, measured on their own so they can be repeated on a busy box: `count`
 * users log in (~50 in flight) with their password, then all log off (timed too); the same
 * again without a password on the shared secret. Each round starts from no session, like the
 * direct XMPP login baseline (direct-logins.ts), with users ofgate has not seen (its Basic
 * credential cache would otherwise spare a repeated round the password check).
 */
import { waitSessions } from './direct-logins.js';
import { connectedUsers, registerUsers } from './ejabberd-api.js';
import { measureLogins, type LoginRateResult } from './login-rate.js';
import { loginWithPassword, loginWithSecret, logoff, type OfgateTarget } from './ofgate-chat.js';
import { leastDisturbed } from './quiet.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { Meter } from './relay-driver.js';

export interface OfgateLoginRates {
  readonly password: LoginRateResult;
  readonly secret: LoginRateResult;
  readonly logoff: LoginRateResult;
}

export interface LoginRateOptions {
  readonly count: number;
  readonly inFlight: number;
  readonly attempts: number;
  readonly quiet: (phase: string) => Promise<void>;
  readonly log: (s: string) => void;
  readonly profiled: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

export async function measureOfgateLogins(og: OfgateTarget, ej: EjabberdTarget, meter: Meter, o: LoginRateOptions): Promise<OfgateLoginRates> {
  const password = 'bench-pw';
  const baseline = await connectedUsers(ej.agent, ej.apiUrl);
  let logoffs: LoginRateResult | undefined;
  let rounds = 0;
  const round = (kind: 'password' | 'secret') => async (): Promise<LoginRateResult> => {
    const tag = `l${rounds++}u`;
    const users = Array.from({ length: o.count }, (_, i) => `${tag}${i}`);
    await registerUsers(ej.agent, ej.apiUrl, ej.domain, users, password);
    await o.quiet(`ofgate ${kind} logins`);
    const sids: string[] = new Array<string>(o.count);
    const login = await o.profiled(`login-${kind}`, () => measureLogins(o.count, o.inFlight, async (i) => {
      const u = users[i] as string;
      sids[i] = kind === 'password' ? await loginWithPassword(og, u, password) : await loginWithSecret(og, u);
    }, meter));
    const off = await o.profiled(`logoff-${kind}`, () => measureLogins(o.count, o.inFlight, (i) => (sids[i] ? logoff(og, sids[i]) : Promise.resolve()), meter));
    if (kind === 'password' && (!logoffs || off.cpu.others < logoffs.cpu.others)) logoffs = off;
    if (!(await waitSessions(ej, baseline))) throw new Error(`${kind} logins: ejabberd sessions did not come back to ${baseline}`);
    return login;
  };
  const retry = (kind: string) => (others: number) => o.log(`ofgate ${kind} logins: other processes used ${Math.round(others)}% of a core meanwhile; measuring again`);
  const pw = await leastDisturbed(o.attempts, round('password'), (r) => r.cpu.others, retry('password'));
  const secret = await leastDisturbed(o.attempts, round('secret'), (r) => r.cpu.others, retry('secret'));
  if (!logoffs) throw new Error('no logoff round');
  return { password: pw, secret, logoff: logoffs };
}
