/**
 * A relay timeline's analysis (relay-timeline.ts), pure: each message's stamps on one monotonic
 * clock cut its latency into segments — the generator's lag, the way to the server, the server
 * inbound (request read → stanza on ejabberd's wire), ejabberd (stanza in → stanza out to the
 * receiver's stream), the server outbound (stanza read → SSE frame on the wire) and the way to
 * the client — and the server's pauses (GCs, event-loop stalls) are laid over its two segments.
 * The slowest messages (at or above the total's p99) say where a tail comes from: each segment's
 * mean among them, which segment was their largest, and how many overlap a pause of which kind.
 */
import type { Pause } from './ofgate-probe.js';
import { summarize, type LatencySummary } from './stats.js';

/** One message's stamps (ms, monotonic); a stamp a proxy missed is undefined. */
export interface MessageTimes {
  readonly seq: number;
  /** When the open-loop schedule wanted it sent, when the generator sent it. */
  readonly sched: number;
  readonly sent: number;
  /** The request's body crossing into the server, the stanza crossing into ejabberd. */
  readonly httpUp?: number;
  readonly xmppUp?: number;
  /** The stanza crossing out of ejabberd to the receiver's stream, the SSE frame out of the server. */
  readonly xmppDown?: number;
  readonly httpDown?: number;
  readonly delivered: number;
}

/** A pause of the server's JS thread, as ofgate-probe.ts logs it. */
export type { Pause } from './ofgate-probe.js';

export const SEGMENTS = ['generator lag', 'to the server', 'server inbound', 'ejabberd', 'server outbound', 'to the client', 'total'] as const;
export type Segment = (typeof SEGMENTS)[number];

type Span = readonly [number | undefined, number | undefined];
const SPANS: Record<Segment, (m: MessageTimes) => Span> = {
  'generator lag': (m) => [m.sched, m.sent],
  'to the server': (m) => [m.sent, m.httpUp],
  'server inbound': (m) => [m.httpUp, m.xmppUp],
  ejabberd: (m) => [m.xmppUp, m.xmppDown],
  'server outbound': (m) => [m.xmppDown, m.httpDown],
  'to the client': (m) => [m.httpDown, m.delivered],
  total: (m) => [m.sched, m.delivered],
};
/** The segments the server's own thread works in. */
const SERVER: readonly Segment[] = ['server inbound', 'server outbound'];

function length(m: MessageTimes, s: Segment): number | undefined {
  const [a, b] = SPANS[s](m);
  return a === undefined || b === undefined ? undefined : b - a;
}

/** The kinds of the pauses that overlap one of the message's server segments (empty: none). */
export function pausesDuring(m: MessageTimes, pauses: readonly Pause[]): string[] {
  const kinds = new Set<string>();
  for (const s of SERVER) {
    const [a, b] = SPANS[s](m);
    if (a === undefined || b === undefined) continue;
    for (const p of pauses) if (p.at < b && p.at + p.ms > a) kinds.add(p.kind);
  }
  return [...kinds];
}

export interface TimelineReport {
  readonly messages: number;
  /** Messages with every stamp. */
  readonly complete: number;
  readonly segments: Record<Segment, LatencySummary>;
  readonly slow: {
    readonly threshold: number;
    readonly count: number;
    /** Each segment's mean among the slow messages. */
    readonly mean: Record<Segment, number>;
    /** How many slow messages had each segment as their largest (total left out). */
    readonly largest: Partial<Record<Segment, number>>;
    /** How many slow messages overlap a server pause, by pause kind ("none": no pause); a long GC is also a stall, so kinds overlap. */
    readonly paused: Record<string, number>;
  };
  /** The share of all messages whose server segments overlap a pause (the baseline for `slow.paused`). */
  readonly pausedShare: number;
  /** The server's pauses by kind: count, total and longest (ms); for stalls, how much of them it ran, waited for a CPU, slept. */
  readonly pauses: Record<string, { count: number; totalMs: number; maxMs: number; ranMs?: number; waitedMs?: number; sleptMs?: number }>;
}

export function analyseTimeline(messages: readonly MessageTimes[], pauses: readonly Pause[]): TimelineReport {
  const segments = {} as Record<Segment, LatencySummary>;
  for (const s of SEGMENTS) segments[s] = summarize(messages.flatMap((m) => { const v = length(m, s); return v === undefined ? [] : [v]; }));
  const complete = messages.filter((m) => SEGMENTS.every((s) => length(m, s) !== undefined));
  const threshold = segments.total.p99;
  const slow = complete.filter((m) => (length(m, 'total') as number) >= threshold);
  const kindsOf = new Map(complete.map((m) => [m, pausesDuring(m, pauses)]));
  const mean = {} as Record<Segment, number>;
  for (const s of SEGMENTS) mean[s] = slow.length ? slow.reduce((sum, m) => sum + (length(m, s) as number), 0) / slow.length : Number.NaN;
  const largest: Partial<Record<Segment, number>> = {};
  const paused: Record<string, number> = {};
  for (const m of slow) {
    let top: Segment = SEGMENTS[0];
    for (const s of SEGMENTS) if (s !== 'total' && (length(m, s) as number) > (length(m, top) as number)) top = s;
    largest[top] = (largest[top] ?? 0) + 1;
    const kinds = kindsOf.get(m) ?? [];
    for (const k of kinds.length ? kinds : ['none']) paused[k] = (paused[k] ?? 0) + 1;
  }
  const pausedCount = complete.filter((m) => (kindsOf.get(m) ?? []).length > 0).length;
  return {
    messages: messages.length,
    complete: complete.length,
    segments,
    slow: { threshold, count: slow.length, mean, largest, paused },
    pausedShare: complete.length ? pausedCount / complete.length : Number.NaN,
    pauses: pauseTotals(pauses),
  };
}

/** Pauses by kind: count, total and longest (ms); for stalls, how much of them the thread ran, waited for a CPU, slept. */
export function pauseTotals(pauses: readonly Pause[]): TimelineReport['pauses'] {
  const byKind: TimelineReport['pauses'] = {};
  for (const p of pauses) {
    const k = (byKind[p.kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    k.count += 1;
    k.totalMs += p.ms;
    k.maxMs = Math.max(k.maxMs, p.ms);
    if (p.ranMs !== undefined && p.waitedMs !== undefined) {
      k.ranMs = (k.ranMs ?? 0) + p.ranMs;
      k.waitedMs = (k.waitedMs ?? 0) + p.waitedMs;
      // the gap is `ms` + the timer's 1 ms; schedstat's tick granularity can make one stall's split exceed it
      k.sleptMs = (k.sleptMs ?? 0) + (p.ms + 1 - p.ranMs - p.waitedMs);
    }
  }
  return byKind;
}
