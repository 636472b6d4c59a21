/** Sizes and durations of the full run (figures for BENCHMARKS.md) and of --quick (< 2 min). */

export interface BenchMode {
  readonly name: 'full' | 'quick';
  readonly throughput: { readonly warmupMs: number; readonly durationMs: number };
  readonly paced: { readonly warmupMs: number; readonly durationMs: number; readonly rates: readonly number[] };
  /** Lanes (sender/receiver pairs) × messages in flight per lane, per relay path. */
  readonly lanes: { readonly direct: readonly [number, number]; readonly httpApi: readonly [number, number]; readonly ofgate: readonly [number, number] };
  /** loginCount: users per login-rate round (ofgate password, ofgate secret, direct PLAIN). */
  readonly streams: { readonly sizes: (maxN: number) => number[]; readonly loginCount: number; readonly inFlight: number };
  /** How long to wait, before each measured phase, for the rest of the box to go quiet. */
  readonly quietWaitMs: number;
  /** Attempts per measurement when other processes used the CPU during it (the least disturbed is kept). */
  readonly attempts: number;
  /** Alternating embedded/shared relay-throughput rounds for the shared mode's CPU goal (mode-rounds.ts). */
  readonly modeRounds: { readonly rounds: number; readonly warmupMs: number; readonly durationMs: number };
}

const RATES = [1000, 2500];
const LANES = { direct: [10, 20], httpApi: [8, 4], ofgate: [10, 20] } as const;

export const fullMode: BenchMode = {
  name: 'full',
  throughput: { warmupMs: 2000, durationMs: 10000 },
  paced: { warmupMs: 1000, durationMs: 10000, rates: RATES },
  lanes: LANES,
  streams: { sizes: (maxN) => [...new Set([1000, 5000, maxN])].filter((n) => n <= maxN), loginCount: 1000, inFlight: 50 },
  quietWaitMs: 60000,
  attempts: 3,
  modeRounds: { rounds: 6, warmupMs: 1000, durationMs: 5000 },
};

export const quickMode: BenchMode = {
  name: 'quick',
  throughput: { warmupMs: 500, durationMs: 3000 },
  paced: { warmupMs: 300, durationMs: 2000, rates: RATES },
  lanes: LANES,
  streams: { sizes: (maxN) => [...new Set([200, 500, Math.min(1000, maxN)])].filter((n) => n <= maxN), loginCount: 300, inFlight: 50 },
  quietWaitMs: 3000,
  attempts: 1,
  modeRounds: { rounds: 2, warmupMs: 500, durationMs: 2000 },
};
