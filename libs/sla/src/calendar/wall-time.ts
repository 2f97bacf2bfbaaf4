import type { Zone } from 'luxon';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/**
 * Local dates are handled as day numbers (days since 1970-01-01 of the local calendar) so that
 * weekday, year and holiday look-ups stay integer arithmetic.
 */
export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Monday … 6 = Sunday; 1970-01-01 was a Thursday. */
export function weekdayIndexOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Minutes after local midnight, 0–1440; `24:00` is the only time allowed past 23:59. */
export function parseWallTime(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return MINUTES_PER_DAY;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

export function formatWallTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * The UTC instant of a local wall time, given as milliseconds of the wall clock read as if it were UTC.
 *
 * A wall time that occurs twice (the fall-back hour) means its first occurrence. A wall time that
 * does not occur (the spring-forward gap) means the instant the gap ends: an interval 02:00–04:00 on a
 * spring-forward night then opens at 03:00 and lasts one real hour, and 02:00–02:30 vanishes, which
 * is what a desk staffed by wall clocks does.
 */
export function wallToUtc(zone: Zone, wallMs: number): number {
  const before = zone.offset(wallMs - DAY_MS);
  const after = zone.offset(wallMs + DAY_MS);
  const first = Math.max(before, after);
  const second = Math.min(before, after);
  const early = wallMs - first * MINUTE_MS;
  if (zone.offset(early) === first) return early;
  const late = wallMs - second * MINUTE_MS;
  if (zone.offset(late) === second) return late;
  // In a gap: the offset changes from `before` to `after` somewhere between the two candidates.
  let lo = wallMs - after * MINUTE_MS;
  let hi = wallMs - before * MINUTE_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether a local wall time exists in the zone (it does not inside a spring-forward gap). */
export function wallTimeExists(zone: Zone, wallMs: number): boolean {
  const utc = wallToUtc(zone, wallMs);
  return utc + zone.offset(utc) * MINUTE_MS === wallMs;
}

/** The local day number that contains a UTC instant. */
export function localDayOf(zone: Zone, utcMs: number): number {
  return Math.floor((utcMs + zone.offset(utcMs) * MINUTE_MS) / DAY_MS);
}
