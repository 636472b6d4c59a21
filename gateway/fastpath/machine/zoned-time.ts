/**
 * Wall-clock time in an IANA time zone, both ways, with nothing but Intl.DateTimeFormat: what
 * the business hours need. Pure given its arguments (formatters are cached per zone; a cache
 * changes no answer).
 *
 * Rules:
 * - A wall time is a civil date plus minutes since local midnight (0..1439).
 * - `firstInstantAtOrAfter` answers "when does the wall clock first read this?": on a normal day
 *   the one instant; in the autumn overlap (the hour that happens twice) the first of the two; in
 *   the spring gap (a wall time that never happens) the instant the clock jumps past it.
 */

export interface CivilDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

export interface WallTime extends CivilDate {
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallParts extends WallTime {
  readonly second: number;
}

function partsAt(t: number, timeZone: string): WallParts {
  const n: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') n[p.type] = Number(p.value);
  }
  const hour = (n.hour ?? 0) % 24;
  return { year: n.year ?? 1970, month: n.month ?? 1, day: n.day ?? 1, minutes: hour * 60 + (n.minute ?? 0), second: n.second ?? 0 };
}

/** The wall clock in `timeZone` at instant `t`. */
export function wallTimeAt(t: number, timeZone: string): WallTime {
  const { year, month, day, minutes } = partsAt(t, timeZone);
  return { year, month, day, minutes };
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function civilDays(d: CivilDate): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY);
}

/** The civil date `n` days after `d`. */
export function addDays(d: CivilDate, n: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(d: CivilDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** 'YYYY-MM-DD'. */
export function isoDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Zone offset at `t` (wall clock minus UTC), ms. */
function offsetAt(t: number, timeZone: string): number {
  const p = partsAt(t, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes, p.second);
  return wallAsUtc - (t - (((t % 1000) + 1000) % 1000));
}

/** Total order of wall times (minutes since the epoch's civil midnight). */
function wallKey(w: WallTime): number {
  return civilDays(w) * 1440 + w.minutes;
}

/** The first instant at which the wall clock in `timeZone` reads `w` or later (see header). */
export function firstInstantAtOrAfter(w: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const early = asUtc - Math.max(before, after);
  const late = asUtc - Math.min(before, after);
  const target = wallKey(w);
  const reached = (t: number): boolean => wallKey(wallTimeAt(t, timeZone)) >= target;
  if (reached(early)) return early;
  // The spring gap: search the first whole minute past `early` at which the clock reads ≥ w.
  let lo = 0;
  let hi = Math.ceil((late - early) / MINUTE);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (reached(early + mid * MINUTE)) hi = mid;
    else lo = mid;
  }
  return early + hi * MINUTE;
}
