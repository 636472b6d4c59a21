/**
 * Who is an operator: a member of the operators shared roster group (operatorsGroup, or
 * operators.<instance> in automated hosting) on the user's host. Members are read from ejabberd
 * at most once per group every TTL_MS (the 2022 module asked on every packet); a failed read
 * counts as "not an operator" for that event and is logged.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import { operatorsGroupOf } from './callback-shapes.js';
import type { LhcSettings } from './lhc-settings.js';

const TTL_MS = 5_000;

export interface OperatorDirectory {
  isOperator(user: string, host: string): Promise<boolean>;
  /** The group changed through ofgate (the node API): its cached members are read again next time. */
  forget(group: string, host: string): void;
}

export function createOperatorDirectory(d: { settings: Pick<LhcSettings, 'automatedHosting' | 'operatorsGroup' | 'hosts'>; backendOf: (host: string) => EjabberdBackend; now: () => number; log: Logger }): OperatorDirectory {
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();
  return {
    forget: (group, host) => void cache.delete(`${group}@${host}`),
    async isOperator(user, host) {
      if (!d.settings.hosts.includes(host)) return false;
      const group = operatorsGroupOf(d.settings, user);
      const key = `${group}@${host}`;
      let hit = cache.get(key);
      if (!hit || d.now() - hit.at > TTL_MS) {
        hit = { at: d.now(), members: d.backendOf(host).getSharedGroupMembers(group).then((m) => new Set(m.map((j) => j.toLowerCase()))) };
        cache.set(key, hit);
        hit.members.catch(() => cache.delete(key));
      }
      try {
        return (await hit.members).has(`${user}@${host}`.toLowerCase());
      } catch (error) {
        d.log.warn('lhc: cannot read the operators group', { group: key, error: (error as Error).message });
        return false;
      }
    },
  };
}
