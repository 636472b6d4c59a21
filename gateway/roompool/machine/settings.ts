/** Pool settings: defaults, and the checks of a change (each bad field named; nothing applied then). */
import type { PoolSettings } from './state.js';

export const DEFAULT_SETTINGS: PoolSettings = {
  enabled: false,
  open: true,
  poolSize: 10,
  groupRooms: false,
  cleanupMs: 1_800_000,
  allocationTimeoutMs: 300_000,
  maxChatsPerStaff: 3,
  maxQueue: 200,
};

type Check = (v: unknown) => boolean;
const bool: Check = (v) => typeof v === 'boolean';
const intIn = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const CHECKS: Readonly<Record<keyof PoolSettings, [Check, string]>> = {
  enabled: [bool, 'a boolean'],
  open: [bool, 'a boolean'],
  poolSize: [intIn(0, 1000), 'a whole number from 0 to 1000'],
  groupRooms: [bool, 'a boolean'],
  cleanupMs: [intIn(1000, 7 * 86_400_000), 'whole ms from 1,000 to 7 days'],
  allocationTimeoutMs: [intIn(1000, 86_400_000), 'whole ms from 1,000 to 24 h'],
  maxChatsPerStaff: [intIn(1, 1000), 'a whole number from 1 to 1000'],
  maxQueue: [intIn(1, 100_000), 'a whole number from 1 to 100000'],
};

export const SETTING_NAMES = Object.keys(CHECKS) as Array<keyof PoolSettings>;

/** Problems of a patch ("field: expected …"), [] when it may be applied. */
export function settingProblems(patch: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const check = Object.hasOwn(CHECKS, k) ? CHECKS[k as keyof PoolSettings] : undefined; // never `constructor` and friends
    if (!check) problems.push(`${k}: not a pool setting`);
    else if (!check[0](v)) problems.push(`${k}: expected ${check[1]}`);
  }
  return problems;
}
