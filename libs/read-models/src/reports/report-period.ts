/**
 * The periods a report is cut into: calendar days, ISO weeks (Monday first), months or quarters of
 * the named time zone, so a DST change makes a 23- or 25-hour day rather than shifting every bucket
 * by an hour, and a customer's Monday starts at its own midnight, not at UTC's.
 */
import { DateTime } from 'luxon';

export const GRANULARITIES = ['day', 'week', 'month', 'quarter'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface ReportBucket {
  /** `2026-03-08`, `2026-W10`, `2026-03`, `2026-Q1`. */
  period: string;
  /** UTC instants: the bucket is [start, end), clipped to the report's [from, to). */
  start: string;
  end: string;
}

const LABEL: Record<Granularity, string> = {
  day: 'yyyy-MM-dd',
  week: "kkkk-'W'WW",
  month: 'yyyy-MM',
  quarter: "yyyy-'Q'q",
};

/** At most this many buckets per report: a year of days, with room. */
export const MAX_BUCKETS = 400;

export class TooManyBuckets extends Error {
  constructor(readonly count: number) {
    super(`the period holds more than ${MAX_BUCKETS} buckets of that granularity`);
    this.name = 'TooManyBuckets';
  }
}

export function isTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** The buckets covering [fromMs, toMs) in `zone`. */
export function reportBuckets(fromMs: number, toMs: number, granularity: Granularity, zone: string): ReportBucket[] {
  const buckets: ReportBucket[] = [];
  let cursor = DateTime.fromMillis(fromMs, { zone }).startOf(granularity);
  while (cursor.toMillis() < toMs) {
    const next = cursor.plus({
      [granularity === 'quarter' ? 'months' : `${granularity}s`]: granularity === 'quarter' ? 3 : 1,
    });
    buckets.push({
      period: cursor.toFormat(LABEL[granularity]),
      start: new Date(Math.max(fromMs, cursor.toMillis())).toISOString(),
      end: new Date(Math.min(toMs, next.toMillis())).toISOString(),
    });
    if (buckets.length > MAX_BUCKETS) throw new TooManyBuckets(buckets.length);
    cursor = next;
  }
  return buckets;
}

/** `YYYY-MM-DD` is the start of that day in `zone`; anything else must be an instant with Z or an offset. */
export function instantInZone(value: string, zone: string): number {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = date ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : NaN;
}
