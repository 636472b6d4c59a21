/**
 * How many SSE streams the open-file limit allows. Each stream costs ofgate two sockets (the
 * SSE response and the user's c2s stream to ejabberd); when the load generator runs ofgate in
 * its own process it also holds the client end of the SSE socket: three per stream then.
 */
import { readFileSync } from 'node:fs';

/** Soft "Max open files" of a process (/proc/<pid>/limits); Infinity for "unlimited". */
export function openFileLimit(pid: number | 'self' = 'self'): number {
  const text = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const m = /^Max open files\s+(\S+)/m.exec(text);
  if (!m) throw new Error(`no "Max open files" line in /proc/${pid}/limits`);
  return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/** Largest stream count (≤ cap, rounded down to 100s) whose sockets fit under `limit` after `reserve` fds. */
export function maxStreams(limit: number, socketsPerStream: number, reserve: number, cap: number): number {
  if (!(socketsPerStream > 0)) throw new RangeError('socketsPerStream must be > 0');
  const fit = Math.floor((limit - reserve) / socketsPerStream);
  return Math.max(0, Math.min(cap, Math.floor(fit / 100) * 100));
}
