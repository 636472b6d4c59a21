/**
 * Business hours of a workgroup: a weekly schedule in an IANA time zone, minus holiday dates.
 * Outside it the workgroup is closed and a join answers with the next opening time. Pure: the
 * answer depends only on the schedule and `now` (zone math in zoned-time.ts).
 *
 * Rules:
 * - A range is [from, to) in local wall time on one weekday (0 = Sunday … 6 = Saturday),
 *   'HH:MM' 24-hour, `to` up to '24:00'; a night shift is two ranges (…–24:00, 00:00–…).
 * - A holiday ('YYYY-MM-DD', local date) is closed all day.
 * - Across a DST change the wall clock decides: 09:00–17:00 stays 09:00–17:00 local; a range
 *   starting in the spring gap opens when the clock jumps past its start.
 * - `nextOpening` looks ahead at most LOOKAHEAD_DAYS; a schedule that never opens gives null.
 */
import { addDays, firstInstantAtOrAfter, isoDate, isTimeZone, weekdayOf, wallTimeAt, type CivilDate } from './zoned-time.js';

export interface WeeklyRange {
  /** 0 = Sunday … 6 = Saturday. */
  readonly day: number;
  /** 'HH:MM', inclusive. */
  readonly from: string;
  /** 'HH:MM' (up to '24:00'), exclusive. */
  readonly to: string;
}

export interface BusinessHours {
  readonly timeZone: string;
  readonly weekly: readonly WeeklyRange[];
  /** Local dates closed all day, 'YYYY-MM-DD'. */
  readonly holidays: readonly string[];
}

export const LOOKAHEAD_DAYS = 400;
const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since midnight of 'HH:MM', or undefined when malformed or past 24:00. */
function minutesOf(hhmm: string): number | undefined {
  const m = HHMM.exec(hhmm);
  if (!m) return undefined;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v > 1440 ? undefined : v;
}

/** What is wrong with a schedule, each naming its field; empty when it is usable. */
export function validateBusinessHours(h: BusinessHours): string[] {
  const problems: string[] = [];
  if (typeof h.timeZone !== 'string' || !isTimeZone(h.timeZone)) problems.push('businessHours.timeZone: an IANA time zone such as Europe/Berlin');
  if (!Array.isArray(h.weekly)) problems.push('businessHours.weekly: a list of {day, from, to}');
  else {
    h.weekly.forEach((r, i) => {
      const from = typeof r.from === 'string' ? minutesOf(r.from) : undefined;
      const to = typeof r.to === 'string' ? minutesOf(r.to) : undefined;
      if (!Number.isInteger(r.day) || r.day < 0 || r.day > 6) problems.push(`businessHours.weekly[${i}].day: 0 (Sunday) to 6 (Saturday)`);
      if (from === undefined || from >= 1440) problems.push(`businessHours.weekly[${i}].from: 'HH:MM' from 00:00 to 23:59`);
      if (to === undefined) problems.push(`businessHours.weekly[${i}].to: 'HH:MM' up to 24:00`);
      if (from !== undefined && to !== undefined && to <= from) problems.push(`businessHours.weekly[${i}]: 'to' must be after 'from'`);
    });
  }
  if (!Array.isArray(h.holidays)) problems.push('businessHours.holidays: a list of YYYY-MM-DD dates');
  else {
    h.holidays.forEach((d, i) => {
      const m = typeof d === 'string' ? DATE.exec(d) : null;
      const ok = m !== null && isoDate(addDays({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, 0)) === d;
      if (!ok) problems.push(`businessHours.holidays[${i}]: a date YYYY-MM-DD`);
    });
  }
  return problems;
}

function rangesOn(h: BusinessHours, date: CivilDate): Array<{ from: number; to: number }> {
  if (h.holidays.includes(isoDate(date))) return [];
  const day = weekdayOf(date);
  return h.weekly
    .filter((r) => r.day === day)
    .map((r) => ({ from: minutesOf(r.from) ?? 0, to: minutesOf(r.to) ?? 0 }))
    .sort((a, b) => a.from - b.from);
}

/** True when the schedule is open at `now`. */
export function isOpen(h: BusinessHours, now: number): boolean {
  const w = wallTimeAt(now, h.timeZone);
  return rangesOn(h, w).some((r) => r.from <= w.minutes && w.minutes < r.to);
}

/** `now` when open; else the first later instant at which it opens; null if not within LOOKAHEAD_DAYS. */
export function nextOpening(h: BusinessHours, now: number): number | null {
  if (isOpen(h, now)) return now;
  const today = wallTimeAt(now, h.timeZone);
  for (let i = 0; i <= LOOKAHEAD_DAYS; i++) {
    const date = addDays(today, i);
    for (const r of rangesOn(h, date)) {
      const t = firstInstantAtOrAfter({ ...date, minutes: r.from }, h.timeZone);
      if (t > now && isOpen(h, t)) return t;
    }
  }
  return null;
}
