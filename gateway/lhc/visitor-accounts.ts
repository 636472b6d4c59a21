/**
 * The visitor and chat accounts (visitor.<id>…) the bridge made or saw used, with the time of
 * their last call, in the store (collection `lhcVisitorAccounts`, id `user@host`), and the sweep
 * that removes those idle longer than `lhc.visitorAccountDays` (the original removed old ones
 * only when a new account was created).
 *
 * Rules it keeps:
 * - Each touch is one store write; the sweep pages through the ids (never reads everything),
 *   removes the ejabberd account (not-found counts as removed) and then its record.
 * - Several instances may sweep at once: every step is idempotent.
 */
import { isGatewayError } from '../errors/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { isVisitorName } from './callback-shapes.js';

export const LHC_VISITOR_ACCOUNTS = 'lhcVisitorAccounts';

interface AccountRecord {
  readonly lastSeen: number;
}


export interface VisitorAccounts {
  touch(user: string, host: string): Promise<void>;
  forget(user: string, host: string): Promise<void>;
  /** Removes accounts idle past the limit; how many. */
  sweep(): Promise<number>;
}

export function createVisitorAccounts(d: { store: Store; now: () => number; maxIdleMs: number; backendOf: (host: string) => EjabberdBackend; log: Logger }): VisitorAccounts {
  const records = d.store.collection<AccountRecord>(LHC_VISITOR_ACCOUNTS);
  return {
    async touch(user, host) {
      if (isVisitorName(user)) await records.put(`${user}@${host}`, { lastSeen: d.now() });
    },
    async forget(user, host) {
      await records.delete(`${user}@${host}`);
    },
    async sweep() {
      const cutoff = d.now() - d.maxIdleMs;
      let removed = 0;
      let after: string | undefined;
      for (;;) {
        const page = await records.list({ limit: 500, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) return removed;
        for (const [id, rec] of page) {
          if (rec.lastSeen > cutoff) continue;
          const at = id.lastIndexOf('@');
          const user = id.slice(0, at);
          try {
            await d.backendOf(id.slice(at + 1)).unregisterUser(user);
          } catch (error) {
            if (!(isGatewayError(error) && error.kind === 'not-found')) {
              d.log.warn('lhc: cannot remove an expired visitor account (next sweep retries)', { account: id, error: (error as Error).message });
              continue;
            }
          }
          await records.delete(id);
          removed += 1;
        }
        after = page[page.length - 1]![0];
      }
    },
  };
}
