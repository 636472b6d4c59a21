/**
 * Messages visitors leave for a workgroup while it is closed or no agent is there
 * (`fastpathOfflineMessages/<workgroup>:<id>`, ids newest first): left through the widget's
 * offline form, listed and removed by the workgroup's agents and admins.
 *
 * Rules: email and message are required (name optional), each bounded (MAX_NAME, MAX_EMAIL,
 * MAX_MESSAGE characters), a 400 naming the field otherwise; a message expires `keepMs` after it
 * was left (0: kept until removed; the route gives fastpath.offlineMessageDays); a list is one page (at most MAX_PAGE) after an optional
 * cursor. Whoever may leave one (public workgroups, rate limits) is the route's concern.
 */
import { badRequest, notFound } from '../errors/index.js';
import { isNewestFirstId, newestFirstId, type Store } from '../store/index.js';
import { workgroupPrefix } from './workgroup-prefix.js';

export const OFFLINE_MESSAGES_COLLECTION = 'fastpathOfflineMessages';
export const MAX_NAME = 256;
export const MAX_EMAIL = 256;
export const MAX_MESSAGE = 4000;
export const MAX_PAGE = 200;

export interface OfflineMessage {
  readonly id: string;
  readonly workgroup: string;
  readonly name: string;
  readonly email: string;
  readonly message: string;
  readonly createdAt: number;
}

export interface OfflineMessageInput {
  readonly name: string;
  readonly email: string;
  readonly message: string;
}

function text(input: Readonly<Record<string, unknown>>, key: string, max: number, required: boolean): string {
  const v = input[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw badRequest(`${key}: required`, { resource: key });
    return '';
  }
  if (typeof v !== 'string') throw badRequest(`${key}: text expected`, { resource: key });
  if (v.length > max) throw badRequest(`${key}: at most ${max} characters`, { resource: key });
  return v.trim();
}

/** The fields of POST workgroups/{wg}/messages, validated. */
export function offlineMessageInput(input: Readonly<Record<string, unknown>>): OfflineMessageInput {
  const name = text(input, 'name', MAX_NAME, false);
  const email = text(input, 'email', MAX_EMAIL, true);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest('email: not an email address', { resource: 'email' });
  return { name, email, message: text(input, 'message', MAX_MESSAGE, true) };
}

export interface OfflineMessages {
  /** Kept `keepMs` (0: until removed). */
  leave(workgroup: string, input: OfflineMessageInput, keepMs: number): Promise<OfflineMessage>;
  /** Newest first; `after`: the last id of the previous page. */
  list(workgroup: string, opts?: { limit?: number; after?: string }): Promise<OfflineMessage[]>;
  /** 404 when there is no such message. */
  remove(workgroup: string, id: string): Promise<void>;
}

export interface OfflineMessagesDeps {
  readonly store: Store;
  readonly now: () => number;
}

export function createOfflineMessages(d: OfflineMessagesDeps): OfflineMessages {
  const messages = d.store.collection<OfflineMessage>(OFFLINE_MESSAGES_COLLECTION);
  return {
    async leave(workgroup, input, keepMs) {
      const createdAt = d.now();
      const message: OfflineMessage = { id: newestFirstId(createdAt), workgroup, ...input, createdAt };
      await messages.put(`${workgroupPrefix(workgroup)}${message.id}`, message, keepMs > 0 ? { ttlMs: keepMs } : {});
      return message;
    },
    async list(workgroup, opts = {}) {
      const prefix = workgroupPrefix(workgroup);
      const limit = Math.max(1, Math.min(MAX_PAGE, opts.limit ?? 50));
      const after = opts.after && isNewestFirstId(opts.after) ? `${prefix}${opts.after}` : undefined;
      return (await messages.list({ prefix, limit, ...(after ? { after } : {}) })).map(([, m]) => m);
    },
    async remove(workgroup, id) {
      const gone = isNewestFirstId(id) && (await messages.delete(`${workgroupPrefix(workgroup)}${id}`));
      if (!gone) throw notFound(`No offline message ${id} in ${workgroup}`, { resource: id });
    },
  };
}
