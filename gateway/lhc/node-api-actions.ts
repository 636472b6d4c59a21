/**
 * What each node-server route does, through ofgate's ejabberd backend (never a shell), and the
 * answer LHC's PHP reads: `{error, msg}` (the JSON routes) or nothing (the `ok` routes, whose
 * work runs after the answer as the original's did).
 *
 * Rules it keeps:
 * - register-online-visitor is all or nothing: when the group membership fails, the account
 *   just made is removed again (no partial account).
 * - does-shared-roaster-exists answers error:true for "does not exist" (what PHP expects).
 * - setup-instance-roasters creates the group, or replaces label, description and displayed
 *   groups of an existing one (ejabberd's srg_create overwrote too); `display` is never read.
 * - Messages name the account or group, never a password; unexpected failures answer
 *   error:true with the backend's message and are logged.
 */
import { isGatewayError } from '../errors/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { LhcRequest } from './node-api-input.js';
import type { VisitorAccounts } from './visitor-accounts.js';
import type { VisitorStreams } from './visitor-streams.js';

export interface LhcAnswer {
  readonly error: boolean;
  readonly msg: string;
}

export interface NodeApiActions {
  /** The JSON routes' answer. */
  answer(req: Exclude<LhcRequest, { route: 'xmpp' | 'xmpp-send-message' }>): Promise<LhcAnswer>;
  /** The `ok` routes' work (after the answer): never rejects. */
  visit(req: Extract<LhcRequest, { route: 'xmpp' | 'xmpp-send-message' }>): Promise<void>;
}

const ok = (msg: string): LhcAnswer => ({ error: false, msg });
const fail = (msg: string): LhcAnswer => ({ error: true, msg });
const kindOf = (e: unknown): string => (isGatewayError(e) ? e.kind : 'other');

export function createNodeApiActions(d: { backendOf: (host: string) => EjabberdBackend; streams: VisitorStreams; accounts: VisitorAccounts; log: Logger; groupChanged?: (group: string, host: string) => void }): NodeApiActions {
  const failed = (what: string, e: unknown): LhcAnswer => {
    if (kindOf(e) !== 'not-found' && kindOf(e) !== 'conflict') d.log.warn(`lhc: ${what} failed`, { error: (e as Error).message });
    return fail(`${what}: ${(e as Error).message}`);
  };

  async function register(user: string, host: string, password: string): Promise<LhcAnswer> {
    try {
      await d.backendOf(host).registerUser(user, password);
      await d.accounts.touch(user, host);
      return ok(`User ${user}@${host} successfully registered`);
    } catch (e) {
      if (kindOf(e) === 'conflict') return fail(`User ${user}@${host} already registered`);
      return failed(`register ${user}@${host}`, e);
    }
  }

  return {
    async answer(req) {
      switch (req.route) {
        case 'xmpp-register':
          return register(req.user, req.host, req.password);
        case 'xmpp-register-online-visitor': {
          const made = await register(req.user, req.host, req.password);
          if (made.error) return made;
          try {
            await d.backendOf(req.host).addSharedGroupMember(req.group, `${req.user}@${req.host}`);
            d.groupChanged?.(req.group, req.host);
          } catch (e) {
            await d.backendOf(req.host).unregisterUser(req.user).catch((err: unknown) => d.log.warn('lhc: cannot remove a half-made visitor account', { account: `${req.user}@${req.host}`, error: (err as Error).message }));
            await d.accounts.forget(req.user, req.host);
            return failed(`add ${req.user}@${req.host} to ${req.group}`, e);
          }
          // the original logged the visitor in right away; its stream opens after the answer
          d.streams.touch(req.user, req.host, req.password, req.look).catch((e: unknown) => d.log.warn('lhc: a new visitor stream did not open', { visitor: `${req.user}@${req.host}`, error: (e as Error).message }));
          return made;
        }
        case 'xmpp-change-password':
          try {
            await d.backendOf(req.host).changePassword(req.user, req.password);
            return ok(`Password changed for ${req.user}@${req.host}`);
          } catch (e) {
            return failed(`change the password of ${req.user}@${req.host}`, e);
          }
        case 'xmpp-unregister':
          try {
            await d.streams.closeUser(req.user, req.host);
            await d.backendOf(req.host).unregisterUser(req.user);
            await d.accounts.forget(req.user, req.host);
            return ok(`User ${req.user}@${req.host} unregistered`);
          } catch (e) {
            return failed(`unregister ${req.user}@${req.host}`, e);
          }
        case 'xmpp-assign-user-to-roaster':
          try {
            await d.backendOf(req.groupHost).addSharedGroupMember(req.group, `${req.user}@${req.host}`);
            d.groupChanged?.(req.group, req.groupHost);
            return ok(`${req.user}@${req.host} added to ${req.group}`);
          } catch (e) {
            return failed(`add ${req.user}@${req.host} to ${req.group}`, e);
          }
        case 'xmpp-delete-user-from-roaster':
          try {
            await d.backendOf(req.groupHost).removeSharedGroupMember(req.group, `${req.user}@${req.host}`);
            d.groupChanged?.(req.group, req.groupHost);
            return ok(`${req.user}@${req.host} removed from ${req.group}`);
          } catch (e) {
            return failed(`remove ${req.user}@${req.host} from ${req.group}`, e);
          }
        case 'xmpp-setup-instance-roasters': {
          const info = { name: req.group, label: req.name, description: req.desc, displayed: req.display };
          const b = d.backendOf(req.host);
          try {
            try {
              await b.createSharedGroup(info);
            } catch (e) {
              if (kindOf(e) !== 'conflict') throw e;
              await b.updateSharedGroup(info);
            }
            return ok(`Shared roster group ${req.group} set up`);
          } catch (e) {
            return failed(`set up ${req.group}`, e);
          }
        }
        case 'xmpp-delete-instance-roasters':
          try {
            await d.backendOf(req.host).deleteSharedGroup(req.group);
            d.groupChanged?.(req.group, req.host);
            return ok(`Shared roster group ${req.group} deleted`);
          } catch (e) {
            return failed(`delete ${req.group}`, e);
          }
        case 'xmpp-does-shared-roaster-exists':
          try {
            const g = await d.backendOf(req.host).getSharedGroup(req.group);
            return g === undefined ? fail(`Shared roster group ${req.group} does not exist`) : ok(`name: ${g.label}\ndescription: ${g.description}\ndisplayed_groups: ${g.displayed.join(',')}`);
          } catch (e) {
            return failed(`read ${req.group}`, e);
          }
      }
    },
    async visit(req) {
      try {
        await d.accounts.touch(req.user, req.host);
        if (req.route === 'xmpp') await d.streams.touch(req.user, req.host, req.pass, req.look);
        else await d.streams.send(req.user, req.host, req.pass, req.look, req.to, req.message);
      } catch (e) {
        d.log.warn('lhc: a visitor stream did not open', { visitor: `${req.user}@${req.host}`, error: (e as Error).message });
      }
    },
  };
}
