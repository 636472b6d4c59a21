/**
 * The rate limiter's behaviour as a table: each scenario is a list of steps at fake-clock offsets
 * (ms since the scenario began), each step one or more takes with the decision every take must
 * get. Run on every store backend by rate-limiter-contract.ts. Windows are long (>= 1 s) so that
 * Redis, which expires records by its own real clock, never drops a bucket mid-scenario.
 */
import type { RateDecision, RateLimit } from '../../../gateway/rate-limit/index.js';

export type Take = ReadonlyArray<{ readonly key: string; readonly limit: RateLimit }>;

export interface Step {
  /** ms since the scenario began (never decreasing). */
  readonly at: number;
  readonly take: Take;
  /** One decision per take, in order: the step takes as many times as there are decisions. */
  readonly expect: readonly RateDecision[];
}

export interface Scenario {
  /** The test title: "when …, then …". */
  readonly name: string;
  readonly steps: readonly Step[];
}

export const ok = (remaining: number): RateDecision => ({ allowed: true, remaining, retryAfterSeconds: 0 });
export const no = (retryAfterSeconds: number): RateDecision => ({ allowed: false, remaining: 0, retryAfterSeconds });
const times = (n: number, d: RateDecision): RateDecision[] => Array.from({ length: n }, () => d);

const perMinute = (limit: number): RateLimit => ({ limit, windowMs: 60_000 });
const one = (key: string, limit: RateLimit): Take => [{ key, limit }];

const THREE = perMinute(3); // a token every 20 s
const ADDRESS = perMinute(2); // a token every 30 s
const WORKGROUP = perMinute(3);
const visitor = (address: string, workgroup = 'sales'): Take => [
  { key: `addr:${address}`, limit: ADDRESS },
  { key: `wg:${workgroup}`, limit: WORKGROUP },
];

/** Keys a public endpoint meets: IPv6 and mapped addresses, workgroup names with odd characters. */
export const ODD_KEYS: readonly string[] = [
  '',
  '2001:db8::1',
  '2001:DB8::1',
  '::ffff:10.0.0.1',
  '[fe80::1%eth0]:443',
  'wg:sales/eu#1 ünïcödé 😀',
  'wg:a\nb\u0000c',
  '3/60000/x',
  'x',
  '\ud800',
  '\udc00',
  'a\ud800b',
  'a'.repeat(5000),
  `${'a'.repeat(4999)}b`,
  'é'.repeat(201),
];

export const scenarios: readonly Scenario[] = [
  {
    name: 'when a burst of `limit` comes at once, then all pass with remaining counting down and the next is refused until a token is back',
    steps: [{ at: 0, take: one('c', THREE), expect: [ok(2), ok(1), ok(0), no(20)] }],
  },
  {
    name: 'when time passes, then tokens come back one every windowMs / limit and retryAfter counts down to that instant',
    steps: [
      { at: 0, take: one('c', THREE), expect: [ok(2), ok(1), ok(0)] },
      { at: 1_000, take: one('c', THREE), expect: [no(19)] },
      { at: 19_001, take: one('c', THREE), expect: [no(1)] },
      { at: 19_999, take: one('c', THREE), expect: [no(1)] },
      { at: 20_000, take: one('c', THREE), expect: [ok(0), no(20)] },
      { at: 40_000, take: one('c', THREE), expect: [ok(0), no(20)] },
    ],
  },
  {
    name: 'when half a window passed after a full burst, then one request passes and the next waits for the other half token',
    steps: [
      { at: 0, take: one('c', THREE), expect: [ok(2), ok(1), ok(0)] },
      { at: 30_000, take: one('c', THREE), expect: [ok(0), no(10)] },
    ],
  },
  {
    name: 'when a whole window passed idle, then the full limit is back and no more (idle time banks nothing)',
    steps: [
      { at: 0, take: one('c', THREE), expect: [ok(2), ok(1), ok(0)] },
      { at: 60_000, take: one('c', THREE), expect: [ok(2)] },
      { at: 600_000, take: one('c', THREE), expect: [ok(2), ok(1), ok(0), no(20)] },
    ],
  },
  {
    name: 'when refused requests keep coming, then they count against nothing and the next token comes back on time',
    steps: [
      { at: 0, take: one('c', THREE), expect: [ok(2), ok(1), ok(0), ...times(10, no(20))] },
      { at: 10_000, take: one('c', THREE), expect: times(10, no(10)) },
      { at: 20_000, take: one('c', THREE), expect: [ok(0)] },
    ],
  },
  {
    name: 'when a wait is not whole seconds, then retryAfter rounds it up, never below 1',
    steps: [
      { at: 0, take: one('c', { limit: 1, windowMs: 1_500 }), expect: [ok(0), no(2)] },
      { at: 499, take: one('c', { limit: 1, windowMs: 1_500 }), expect: [no(2)] },
      { at: 500, take: one('c', { limit: 1, windowMs: 1_500 }), expect: [no(1)] },
      { at: 1_499, take: one('c', { limit: 1, windowMs: 1_500 }), expect: [no(1)] },
      { at: 1_500, take: one('c', { limit: 1, windowMs: 1_500 }), expect: [ok(0)] },
    ],
  },
  {
    name: 'when the window is no whole multiple of the limit, then the whole burst still passes and the refill is exact',
    steps: [
      { at: 0, take: one('c', { limit: 3, windowMs: 1_000 }), expect: [ok(2), ok(1), ok(0), no(1)] },
      { at: 333, take: one('c', { limit: 3, windowMs: 1_000 }), expect: [no(1)] },
      { at: 334, take: one('c', { limit: 3, windowMs: 1_000 }), expect: [ok(0), no(1)] },
      { at: 10_000, take: one('d', { limit: 7, windowMs: 1_000 }), expect: [ok(6), ok(5), ok(4), ok(3), ok(2), ok(1), ok(0), no(1)] },
    ],
  },
  {
    name: 'when addresses share a workgroup, then each address has its own limit, the workgroup one over all, and a refusal by one key counts against none',
    steps: [
      { at: 0, take: visitor('a'), expect: [ok(1), ok(0), no(30), no(30)] },
      { at: 0, take: visitor('b'), expect: [ok(0), no(20)] },
      { at: 0, take: visitor('c'), expect: [no(20)] },
      { at: 0, take: visitor('c', 'support'), expect: [ok(1)] },
      { at: 20_000, take: visitor('c'), expect: [ok(0)] },
      { at: 20_000, take: visitor('a'), expect: [no(20)] },
      { at: 30_000, take: visitor('a'), expect: [no(10)] },
      { at: 40_000, take: visitor('a'), expect: [ok(0)] },
    ],
  },
  {
    name: 'when several keys refuse, then retryAfter is the longest of their waits',
    steps: [
      { at: 0, take: [{ key: 'x', limit: { limit: 1, windowMs: 10_000 } }, { key: 'w', limit: perMinute(1) }], expect: [ok(0)] },
      { at: 0, take: [{ key: 'y', limit: { limit: 1, windowMs: 10_000 } }, { key: 'w', limit: perMinute(1) }], expect: [no(60)] },
      { at: 0, take: [{ key: 'x', limit: { limit: 1, windowMs: 10_000 } }, { key: 'w', limit: perMinute(1) }], expect: [no(60)] },
      { at: 10_000, take: [{ key: 'x', limit: { limit: 1, windowMs: 10_000 } }, { key: 'w', limit: perMinute(1) }], expect: [no(50)] },
      { at: 60_000, take: [{ key: 'x', limit: { limit: 1, windowMs: 10_000 } }, { key: 'w', limit: perMinute(1) }], expect: [ok(0)] },
    ],
  },
  {
    name: 'when one key carries two limits (a burst and a per-minute one), then each is its own bucket',
    steps: [
      { at: 0, take: [{ key: 'k', limit: { limit: 2, windowMs: 1_000 } }, { key: 'k', limit: THREE }], expect: [ok(1), ok(0), no(1)] },
      { at: 1_000, take: [{ key: 'k', limit: { limit: 2, windowMs: 1_000 } }, { key: 'k', limit: THREE }], expect: [ok(0), no(19)] },
      { at: 2_000, take: [{ key: 'k', limit: { limit: 2, windowMs: 1_000 } }, { key: 'k', limit: THREE }], expect: [no(18)] },
    ],
  },
  {
    name: 'when keys are odd (IPv6, lone surrogates, 5,000 characters, the empty string), then each is accepted and none shares a bucket',
    steps: [
      ...ODD_KEYS.map((key) => ({ at: 0, take: one(key, perMinute(1)), expect: [ok(0)] })),
      ...ODD_KEYS.map((key) => ({ at: 0, take: one(key, perMinute(1)), expect: [no(60)] })),
    ],
  },
];
