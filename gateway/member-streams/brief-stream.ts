/**
 * Brief streams: a member's XMPP stream opened for one job and closed after it, so ofgate acts
 * as the user (its own private storage, its PEP nodes, an upload slot) without its password.
 * The stream itself (token login, no presence, always closed) is xmpp/'s runOnTemporaryStream.
 * Rules kept: at most `maxConcurrent` brief streams open at once (the others wait their turn,
 * in arrival order).
 */
import { createConcurrencyGate, runOnTemporaryStream, type TemporaryStreamOptions, type UserStream } from '../xmpp/index.js';

export interface BriefStreamOptions extends Omit<TemporaryStreamOptions, 'slots' | 'scheduler'> {
  /** Brief streams open at once (default 8). */
  readonly maxConcurrent?: number;
}

export interface BriefStreams {
  /** Opens `username`'s stream, runs `job` on it and closes it (also when the job fails). */
  withStream<T>(username: string, job: (stream: UserStream) => Promise<T>): Promise<T>;
}

export function createBriefStreams(o: BriefStreamOptions): BriefStreams {
  const slots = createConcurrencyGate(o.maxConcurrent ?? 8);
  return { withStream: (username, job) => runOnTemporaryStream({ ...o, slots }, username, job) };
}
