/**
 * The Fastpath admin calls of the benchmark, on ofgate's shared secret: create a workgroup with
 * its members (`POST ask/admin`), set its settings (`PUT ask/admin/{wg}`, JSON), and read how many
 * requests wait and chats run in it (`GET ask/admin/{wg}` → queueLength, chatCount).
 */
import { JSON_HEADERS, callOk } from './http-client.js';
import type { OfgateTarget } from './ofgate-chat.js';
import { VISITOR_API } from './fastpath-visitors.js';

const admin = (t: OfgateTarget): string => `${t.url}${VISITOR_API}/ask/admin`;

export async function createWorkgroup(t: OfgateTarget, name: string, members: readonly string[], settings: Record<string, unknown>): Promise<void> {
  const headers = { ...JSON_HEADERS, Authorization: t.secret };
  await callOk(t.agent, 'POST', admin(t), JSON.stringify({ name, description: 'Fastpath benchmark', members: members.join(',') }), headers);
  await callOk(t.agent, 'PUT', `${admin(t)}/${name}`, JSON.stringify(settings), headers);
}

/** Requests waiting and chats running in these workgroups now (sums of queueLength and chatCount). */
export async function countsIn(t: OfgateTarget, workgroups: readonly string[]): Promise<{ queued: number; chats: number }> {
  const each = await Promise.all(workgroups.map(async (wg) => {
    const d = JSON.parse(await callOk(t.agent, 'GET', `${admin(t)}/${wg}`, '', { Accept: 'application/json', Authorization: t.secret })) as { queueLength?: unknown; chatCount?: unknown };
    const n = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
    return { queued: n(d.queueLength), chats: n(d.chatCount) };
  }));
  return each.reduce((a, b) => ({ queued: a.queued + b.queued, chats: a.chats + b.chats }), { queued: 0, chats: 0 });
}

/** Requests waiting in these workgroups now. */
export async function queuedIn(t: OfgateTarget, workgroups: readonly string[]): Promise<number> {
  return (await countsIn(t, workgroups)).queued;
}

export interface QueueWatch {
  /** Requests waiting: least and most seen (NaN when no sample). */
  readonly min: number;
  readonly max: number;
  /** Most chats running seen. */
  readonly maxChats: number;
  readonly samples: number;
}

/** Samples countsIn every `everyMs` until stopped. */
export function watchQueue(t: OfgateTarget, workgroups: readonly string[], everyMs: number): { stop(): Promise<QueueWatch> } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let maxChats = Number.NEGATIVE_INFINITY;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const n = await countsIn(t, workgroups).catch(() => undefined);
      if (n && Number.isFinite(n.queued)) {
        min = Math.min(min, n.queued);
        max = Math.max(max, n.queued);
        maxChats = Math.max(maxChats, n.chats);
        samples++;
      }
      if (running) await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples ? { min, max, maxChats, samples } : { min: Number.NaN, max: Number.NaN, maxChats: Number.NaN, samples };
    },
  };
}
