/**
 * SIP account records (the Openfire sip plugin's ofSipUser), kept by ofgate so clients that read
 * their SIP settings find them. Nothing registers or calls: ejabberd has no telephony. One record
 * per user (upsert by user name), found by user name or by SIP user name (the extension).
 * Rules kept: the user name is the record's id (lower case); a record is a flat bag of strings
 * and booleans, every field bounded; listing pages in user-name order.
 * References: ofchat-api.md §4 (sipaccount), §5.5.
 */
import { badRequest, notFound } from '../errors/index.js';
import type { Store } from '../store/index.js';

export const SIP_TEXT_FIELDS = ['sipUsername', 'authUsername', 'displayName', 'password', 'server', 'outboundproxy', 'stunServer', 'stunPort', 'voiceMailNumber', 'status'] as const;
export const SIP_FLAG_FIELDS = ['useStun', 'enabled', 'promptCredentials'] as const;
export const SIP_STATUSES = ['Unregistered', 'Unregistering', 'Registering', 'Registered', 'RegistrationFailed'] as const;
const MAX_FIELD = 256;

type TextField = (typeof SIP_TEXT_FIELDS)[number];
type FlagField = (typeof SIP_FLAG_FIELDS)[number];

export type SipAccount = { readonly username: string } & { readonly [K in TextField]?: string } & { readonly [K in FlagField]: boolean };

export interface SipAccounts {
  list(start: number, count: number): Promise<SipAccount[]>;
  byUsername(username: string): Promise<SipAccount>;
  byExtension(extension: string): Promise<SipAccount>;
  /** true: created, false: replaced. */
  put(account: SipAccount): Promise<boolean>;
  remove(username: string): Promise<void>;
}

/** A record from an entity body (400 naming the field that is wrong). */
export function sipAccountInput(e: Record<string, unknown>): SipAccount {
  const username = typeof e.username === 'string' ? e.username.trim().toLowerCase() : '';
  if (username === '') throw badRequest('username: required', { resource: 'username' });
  const out: Record<string, unknown> = { username };
  for (const f of SIP_TEXT_FIELDS) {
    const v = e[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') throw badRequest(`${f}: text expected`, { resource: f });
    const s = String(v);
    if (s.length > MAX_FIELD) throw badRequest(`${f}: at most ${MAX_FIELD} characters`, { resource: f });
    out[f] = s;
  }
  if (out.status !== undefined && !(SIP_STATUSES as readonly string[]).includes(out.status as string)) {
    throw badRequest(`status: one of ${SIP_STATUSES.join(', ')}`, { resource: 'status' });
  }
  for (const f of SIP_FLAG_FIELDS) out[f] = e[f] === true || e[f] === 'true';
  return out as SipAccount;
}

export function createSipAccounts(store: Store): SipAccounts {
  const records = store.collection<SipAccount>('sipAccounts');
  const missing = (what: string) => notFound(`No SIP account for ${what}`, { resource: what });
  return {
    async list(start, count) {
      const rows = await records.list({ limit: Math.min(start + count, 1000) });
      return rows.slice(start, start + count).map(([, v]) => v);
    },
    async byUsername(username) {
      const found = await records.get(username.toLowerCase());
      if (!found) throw missing(username);
      return found;
    },
    async byExtension(extension) {
      // SIP records are few (one per telephony user): a scan is bounded by the page size
      for (let after: string | undefined; ;) {
        const page = await records.list({ ...(after === undefined ? {} : { after }), limit: 1000 });
        const hit = page.find(([, v]) => v.sipUsername === extension);
        if (hit) return hit[1];
        if (page.length < 1000) throw missing(extension);
        after = page[page.length - 1]?.[0];
      }
    },
    async put(account) {
      let created = false;
      await records.update(account.username, (old) => {
        created = old === undefined;
        return account;
      });
      return created;
    },
    async remove(username) {
      if (!(await records.delete(username.toLowerCase()))) throw missing(username);
    },
  };
}
