/**
 * Record ids that list newest first: an id starts with its time (or a number that grows with
 * time) taken from a fixed ceiling and zero-padded to the ceiling's width, so the store's
 * ascending id order (`list`) is newest first and a page's last id is the cursor of the next.
 * Rules kept:
 * - the width is the ceiling's, fixed, so ids of different times compare digit by digit; a
 *   value outside 0…ceiling is clamped (far past: the last key; far future: all zeros);
 * - a scale, once records are stored with it, stays: ids of another width would not sort
 *   with them. Two are in use: milliseconds (the default; Fastpath: 13 digits, a fresh id
 *   adds 8 random hex digits) and the audit log's logIds (ms × 1000 + 0–999, its own
 *   16-digit ceiling, no suffix).
 * Pure but for the random suffix.
 */
import { randomBytes } from 'node:crypto';

/** The millisecond scale's ceiling: 13 digits, past any epoch-ms time until the year 2286. */
const LATEST_MS = 9_999_999_999_999;

/** The part of an id that orders `value` newest (largest) first. */
export function newestFirstKey(value: number, ceiling: number = LATEST_MS): string {
  const kept = Math.max(0, Math.min(ceiling, Math.floor(value)));
  return String(ceiling - kept).padStart(String(ceiling).length, '0');
}

/** The key of a time in epoch ms (13 digits). */
export const invertedTime = (at: number): string => newestFirstKey(at);

/** A fresh id for a record made at `at` (epoch ms): its inverted time and 8 random hex digits. */
export const newestFirstId = (at: number): string => `${invertedTime(at)}${randomBytes(4).toString('hex')}`;

/** Is `id` one made by newestFirstId (what a path may name)? */
export const isNewestFirstId = (id: string): boolean => /^\d{13}[0-9a-f]{8}$/.test(id);
