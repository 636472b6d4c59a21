/**
 * A workgroup's canned replies (`fastpathCannedReplies/<workgroup>:<id>`): short texts agents
 * send with one click, managed by admins.
 *
 * Rules: title (at most MAX_TITLE) and text (at most MAX_TEXT) are required, a 400 naming the
 * field otherwise; at most MAX_REPLIES per workgroup (409 beyond); listed by title (then id);
 * an unknown id is a 404. The count check and the write are not one transaction: two admins
 * adding at the very same moment may pass MAX_REPLIES by one each (a soft bound).
 */
import { randomBytes } from 'node:crypto';
import { badRequest, conflict, notFound } from '../errors/index.js';
import { KEEP, type Store } from '../store/index.js';
import { workgroupPrefix } from './workgroup-prefix.js';

export const CANNED_COLLECTION = 'fastpathCannedReplies';
export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;
export const MAX_REPLIES = 500;

export interface CannedReply {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export type CannedInput = Omit<CannedReply, 'id'>;

function field(input: Readonly<Record<string, unknown>>, key: string, max: number): string {
  const v = input[key];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`${key}: required`, { resource: key });
  if (v.length > max) throw badRequest(`${key}: at most ${max} characters`, { resource: key });
  return v.trim();
}

/** The body of POST / PUT canned, validated. */
export function cannedInput(input: Readonly<Record<string, unknown>>): CannedInput {
  return { title: field(input, 'title', MAX_TITLE), text: field(input, 'text', MAX_TEXT) };
}

const isCannedId = (id: string): boolean => /^[0-9a-f]{12}$/.test(id);

export interface CannedReplies {
  list(workgroup: string): Promise<CannedReply[]>;
  add(workgroup: string, input: CannedInput): Promise<CannedReply>;
  replace(workgroup: string, id: string, input: CannedInput): Promise<CannedReply>;
  remove(workgroup: string, id: string): Promise<void>;
}

export function createCannedReplies(store: Store): CannedReplies {
  const replies = store.collection<CannedReply>(CANNED_COLLECTION);
  const key = (workgroup: string, id: string): string => `${workgroupPrefix(workgroup)}${id}`;
  const missing = (workgroup: string, id: string) => notFound(`No canned reply ${id} in ${workgroup}`, { resource: id });
  return {
    async list(workgroup) {
      const all = (await replies.list({ prefix: workgroupPrefix(workgroup), limit: MAX_REPLIES + 10 })).map(([, r]) => r);
      return all.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
    },
    async add(workgroup, input) {
      const count = (await replies.list({ prefix: workgroupPrefix(workgroup), limit: MAX_REPLIES })).length;
      if (count >= MAX_REPLIES) throw conflict(`${workgroup} has ${MAX_REPLIES} canned replies already`, { resource: workgroup });
      const reply: CannedReply = { id: randomBytes(6).toString('hex'), ...input };
      await replies.put(key(workgroup, reply.id), reply);
      return reply;
    },
    async replace(workgroup, id, input) {
      if (!isCannedId(id)) throw missing(workgroup, id);
      const stored = await replies.update(key(workgroup, id), (old) => (old ? { id, ...input } : KEEP));
      if (!stored) throw missing(workgroup, id);
      return stored;
    },
    async remove(workgroup, id) {
      if (!isCannedId(id) || !(await replies.delete(key(workgroup, id)))) throw missing(workgroup, id);
    },
  };
}
