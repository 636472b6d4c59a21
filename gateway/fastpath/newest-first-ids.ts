/**
 * Record ids that list newest first: `<inverted time><suffix>`, where the inverted time is
 * 13 digits that shrink as time grows, so the store's ascending id order (`list`) is newest
 * first and a page's last id is the cursor of the next. Under a `<workgroup>:` prefix (a JID
 * local part never holds ':') one workgroup's records list alone. Pure.
 */
import { randomBytes } from 'node:crypto';

const LATEST = 9_999_999_999_999;

/** The id part that orders by time, newest first. */
export const invertedTime = (at: number): string => String(LATEST - Math.max(0, Math.min(LATEST, Math.floor(at)))).padStart(13, '0');

/** A fresh id for a record made at `at`: inverted time and 8 random hex digits. */
export const newestFirstId = (at: number): string => `${invertedTime(at)}${randomBytes(4).toString('hex')}`;

/** The workgroup's prefix of such ids. */
export const workgroupPrefix = (workgroup: string): string => `${workgroup}:`;

/** Is `id` one made by newestFirstId (what a path may name)? */
export const isNewestFirstId = (id: string): boolean => /^\d{13}[0-9a-f]{8}$/.test(id);
