import { DateTime, Duration, FixedOffsetZone } from 'luxon';
import { BusinessCalendar, TimelineChunk } from './calendar/business-calendar';

/** Raised when business time is asked beyond the last opening of a calendar that only has extra open dates. */
export class CalendarNeverOpensAgain extends Error {
  constructor(readonly afterMs: number) {
    super(`the calendar has no open time after ${new Date(afterMs).toISOString()}`);
    this.name = 'CalendarNeverOpensAgain';
  }
}

export type BusinessDuration = Duration | { minutes: number } | { milliseconds: number };

const UTC = FixedOffsetZone.utcInstance;

/** Edge conversions: the arithmetic runs on epoch millis, results come back in UTC. */
export function toUtcDateTime(ms: number): DateTime {
  return DateTime.fromMillis(ms, { zone: UTC });
}

export function millisOf(instant: DateTime): number {
  const ms = instant.toMillis();
  if (!Number.isFinite(ms))
    throw new RangeError(
      `invalid instant: ${instant.invalidExplanation ?? instant.invalidReason ?? 'not a valid DateTime'}`,
    );
  return ms;
}

/** Durations are taken at their fixed length: a "day" of business time is 24 business hours. */
export function durationMillis(duration: BusinessDuration): number {
  let ms: number;
  if (Duration.isDuration(duration)) ms = duration.toMillis();
  else if ('minutes' in duration) ms = duration.minutes * 60_000;
  else ms = duration.milliseconds;
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`business time must be a finite, non-negative duration, got ${ms} ms`);
  return Math.round(ms);
}

/** First index i ≥ lo with arr[i] ≥ value (arr sorted ascending), or arr.length. */
function lowerBound(arr: Float64Array, n: number, value: number, lo = 0): number {
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Business millis of the chunk before `ms` (ms inside the chunk's span). */
function businessBefore(chunk: TimelineChunk, ms: number): number {
  // The interval that contains or precedes ms is the last one starting at or before it.
  let lo = 0;
  let hi = chunk.n;
  const from = chunk.from;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (from[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  const k = lo - 1;
  const to = chunk.to[k];
  return ms >= to ? chunk.through[k] : chunk.before[k] + (ms - from[k]);
}

function guard(calendar: BusinessCalendar, chunk: TimelineChunk, since: number): void {
  if (chunk.startMs > calendar.opensUntilMs) throw new CalendarNeverOpensAgain(since);
}

/**
 * The instant at which `durationMs` of business time has run from `startMs`. A start outside the
 * open intervals waits for the next opening; a target reached exactly at a closing time is due at that
 * closing time. Zero from a closed instant is the next opening.
 */
export function addBusinessMillis(calendar: BusinessCalendar, startMs: number, durationMs: number): number {
  if (calendar.alwaysOpen) return startMs + durationMs;
  let chunk = calendar.chunkAt(startMs);
  // Intervals that closed before the start cannot hold the due instant, even for a zero target.
  let first = lowerBound(chunk.to, chunk.n, startMs);
  let wanted = businessBefore(chunk, startMs) + durationMs;
  for (;;) {
    if (first < chunk.n && wanted <= chunk.total) {
      const j = lowerBound(chunk.through, chunk.n, wanted, first);
      return chunk.from[j] + (wanted - chunk.before[j]);
    }
    wanted -= chunk.total;
    chunk = calendar.chunkAfter(chunk);
    guard(calendar, chunk, startMs);
    first = 0;
  }
}

/** Business millis between two instants; negative when `toMs` is before `fromMs`. */
export function businessMillisBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -businessMillisBetween(calendar, toMs, fromMs);
  if (calendar.alwaysOpen) return toMs - fromMs;
  let chunk = calendar.chunkAt(fromMs);
  if (toMs < chunk.endMs) return businessBefore(chunk, toMs) - businessBefore(chunk, fromMs);
  let sum = chunk.total - businessBefore(chunk, fromMs);
  for (chunk = calendar.chunkAfter(chunk); toMs >= chunk.endMs; chunk = calendar.chunkAfter(chunk)) sum += chunk.total;
  return sum + businessBefore(chunk, toMs);
}

export function isOpenAt(calendar: BusinessCalendar, ms: number): boolean {
  if (calendar.alwaysOpen) return true;
  const chunk = calendar.chunkAt(ms);
  const i = lowerBound(chunk.to, chunk.n, ms + 1);
  return i < chunk.n && chunk.from[i] <= ms;
}

/** `ms` itself when open, else the next instant that opens; null when the calendar never opens again. */
export function nextOpeningMillis(calendar: BusinessCalendar, ms: number): number | null {
  if (calendar.alwaysOpen) return ms;
  let chunk = calendar.chunkAt(ms);
  // The first interval that is still open after ms: either ms is inside it or it opens later.
  let i = lowerBound(chunk.to, chunk.n, ms + 1);
  while (i >= chunk.n) {
    chunk = calendar.chunkAfter(chunk);
    if (chunk.startMs > calendar.opensUntilMs) return null;
    i = 0;
  }
  return Math.max(ms, chunk.from[i]);
}

export function addBusinessTime(calendar: BusinessCalendar, start: DateTime, duration: BusinessDuration): DateTime {
  return toUtcDateTime(addBusinessMillis(calendar, millisOf(start), durationMillis(duration)));
}

/** Elapsed business time between a and b, to the millisecond; negative when b is before a. */
export function businessTimeBetween(calendar: BusinessCalendar, a: DateTime, b: DateTime): Duration {
  return Duration.fromMillis(businessMillisBetween(calendar, millisOf(a), millisOf(b)));
}

export function nextOpening(calendar: BusinessCalendar, t: DateTime): DateTime | null {
  const ms = nextOpeningMillis(calendar, millisOf(t));
  return ms === null ? null : toUtcDateTime(ms);
}

export function isOpen(calendar: BusinessCalendar, t: DateTime): boolean {
  return isOpenAt(calendar, millisOf(t));
}

/** Why time did or did not count: open, closed by the weekly hours, or closed by a holiday or closed date. */
export interface Stretch {
  kind: 'open' | 'outsideHours' | 'holiday';
  fromMs: number;
  toMs: number;
}

/**
 * The stretches of `[fromMs, toMs)` in order, adjacent ones of a kind merged: the explanation a customer
 * asks for when disputing a breach. Cost grows with the days covered, which is fine off the hot path.
 */
export function stretchesBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): Stretch[] {
  if (toMs <= fromMs) return [];
  if (calendar.alwaysOpen) return [{ kind: 'open', fromMs, toMs }];
  const out: Stretch[] = [];
  const push = (kind: Stretch['kind'], a: number, b: number) => {
    if (b <= a) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.kind === kind && last.toMs === a) last.toMs = b;
    else out.push({ kind, fromMs: a, toMs: b });
  };
  const closed = (a: number, b: number, holiday: readonly number[]) => {
    let cursor = a;
    for (let k = 0; k < holiday.length && cursor < b; k += 2) {
      const hs = Math.max(holiday[k], cursor);
      const he = Math.min(holiday[k + 1], b);
      if (he <= hs) continue;
      push('outsideHours', cursor, hs);
      push('holiday', hs, he);
      cursor = he;
    }
    push('outsideHours', cursor, b);
  };
  const toUtc = calendar.converterAround(fromMs, toMs);
  for (let day = calendar.localDayOf(fromMs); ; day++) {
    const plan = calendar.dayPlan(day, toUtc);
    if (plan.startMs >= toMs) break;
    const end = Math.min(toMs, plan.endMs);
    let cursor = Math.max(fromMs, plan.startMs);
    for (let k = 0; k < plan.open.length && cursor < end; k += 2) {
      const s = plan.open[k];
      const e = plan.open[k + 1];
      if (e <= cursor) continue;
      if (s > cursor) closed(cursor, Math.min(s, end), plan.holiday);
      push('open', Math.max(s, cursor), Math.min(e, end));
      cursor = Math.min(e, end);
      if (s > cursor) cursor = Math.min(s, end);
    }
    closed(cursor, end, plan.holiday);
  }
  return out;
}
