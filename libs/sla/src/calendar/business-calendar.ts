import { IANAZone } from 'luxon';
import { CalendarDefinition, CalendarInvalid, OpenInterval, WEEKDAYS } from './calendar-definition';
import { DayClosure, holidayClosuresOn, holidayNamesOn } from './holiday-regions';
import { validateCalendar } from './validate-calendar';
import {
  DAY_MS,
  MINUTE_MS,
  MINUTES_PER_DAY,
  formatWallTime,
  localDayOf,
  parseIsoDate,
  parseWallTime,
  wallToUtc,
  weekdayIndexOf,
  yearOf,
} from './wall-time';

/** One local day resolved to UTC: what the explanation of a clock walks through. */
export interface DayPlan {
  day: number;
  startMs: number;
  endMs: number;
  /** Flat `[from0, to0, from1, to1, …]` UTC millis, sorted, non-empty, touching intervals merged. */
  open: number[];
  /** Flat UTC ranges closed by a holiday or a closed date (whole days, or the afternoon of a half-day holiday). */
  holiday: number[];
}

/**
 * The open intervals of a fixed stretch of UTC time with their running business-time totals, so that
 * adding or measuring business time is a binary search plus one subtraction per stretch crossed,
 * whatever the minutes involved.
 */
export interface TimelineChunk {
  startMs: number;
  endMs: number;
  n: number;
  from: Float64Array;
  to: Float64Array;
  /** Business millis of this chunk before interval i. */
  before: Float64Array;
  /** Business millis of this chunk up to the end of interval i; strictly increasing. */
  through: Float64Array;
  total: number;
}

/** Four weeks: one chunk covers most 8-hour targets, a 400-hour target crosses three or four. */
export const CHUNK_MS = 28 * DAY_MS;
const SAMPLE_MS = 7 * DAY_MS;
const COMPILED_CACHE_LIMIT = 256;

const compiled = new Map<string, BusinessCalendar>();
const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export class BusinessCalendar {
  readonly definition: Readonly<CalendarDefinition>;
  readonly version: number;
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  /** After this instant the calendar never opens again; finite only for calendars without weekly hours. */
  readonly opensUntilMs: number;

  private readonly zone: IANAZone;
  private readonly weekly: number[][];
  private readonly closed: ReadonlySet<number>;
  private readonly extraOpen: ReadonlyMap<number, number[]>;
  private readonly region: string | undefined;
  private readonly chunks = new Map<number, TimelineChunk>();
  /** The wall-to-UTC converter each chunk was built with, reused by explanations within it. */
  private readonly converters = new Map<number, (wallMs: number) => number>();
  private recent: TimelineChunk | null = null;
  private hoursLine: string | undefined;

  /** Use compileCalendar: it validates first. */
  constructor(definition: CalendarDefinition) {
    this.definition = deepFreeze(structuredClone(definition));
    this.version = definition.version ?? 1;
    this.timeZone = definition.timeZone;
    this.alwaysOpen = definition.alwaysOpen === true;
    this.zone = IANAZone.create(definition.timeZone);
    this.weekly = WEEKDAYS.map((d) => toMinutePairs(definition.weekly?.[d] ?? []));
    this.closed = new Set((definition.closedDates ?? []).map((d) => parseIsoDate(d) as number));
    this.extraOpen = new Map(
      (definition.extraOpenDates ?? []).map((e) => [parseIsoDate(e.date) as number, toMinutePairs(e.intervals)]),
    );
    this.region = definition.holidayRegion;
    const hasWeekly = this.weekly.some((pairs) => pairs.length > 0);
    const lastExtra = Math.max(-Infinity, ...this.extraOpen.keys());
    this.opensUntilMs = this.alwaysOpen || hasWeekly ? Infinity : (lastExtra + 2) * DAY_MS;
  }

  /** @internal the chunk holding `ms`. */
  chunkAt(ms: number): TimelineChunk {
    const recent = this.recent;
    if (recent !== null && ms >= recent.startMs && ms < recent.endMs) return recent;
    const key = Math.floor(ms / CHUNK_MS);
    let chunk = this.chunks.get(key);
    if (chunk === undefined) {
      chunk = this.buildChunk(key);
      this.chunks.set(key, chunk);
    }
    this.recent = chunk;
    return chunk;
  }

  /** @internal the chunk after `chunk`. */
  chunkAfter(chunk: TimelineChunk): TimelineChunk {
    return this.chunkAt(chunk.endMs);
  }

  /** @internal */
  localDayOf(ms: number): number {
    return localDayOf(this.zone, ms);
  }

  /** @internal the local day resolved to UTC. */
  dayPlan(day: number, toUtc: (wallMs: number) => number = (w) => wallToUtc(this.zone, w)): DayPlan {
    const startMs = toUtc(day * DAY_MS);
    const endMs = toUtc((day + 1) * DAY_MS);
    let minutes: number[];
    let closures: readonly DayClosure[] = [];
    const extra = this.extraOpen.get(day);
    if (extra !== undefined) {
      minutes = extra;
    } else {
      if (this.closed.has(day)) closures = [{ from: 0, to: MINUTES_PER_DAY }];
      else if (this.region !== undefined) closures = holidayClosuresOn(this.region, day, yearOf(day));
      minutes =
        closures.length > 0
          ? subtractClosures(this.weekly[weekdayIndexOf(day)], closures)
          : this.weekly[weekdayIndexOf(day)];
    }
    const at = (m: number) => (m === MINUTES_PER_DAY ? endMs : m === 0 ? startMs : toUtc(day * DAY_MS + m * MINUTE_MS));
    const open: number[] = [];
    for (let k = 0; k < minutes.length; k += 2) {
      const from = at(minutes[k]);
      const to = at(minutes[k + 1]);
      if (to <= from) continue;
      if (open.length > 0 && from <= open[open.length - 1]) open[open.length - 1] = Math.max(to, open[open.length - 1]);
      else open.push(from, to);
    }
    const holiday: number[] = [];
    for (const c of closures) holiday.push(at(c.from), at(c.to));
    return { day, startMs, endMs, open, holiday };
  }

  /**
   * @internal Why a local day is closed, in whole or in part, beyond its weekly hours: an explicit
   * closed date, or the region's holidays by name. Empty for a day with no closure.
   */
  closureRuleOn(day: number): string {
    if (this.extraOpen.has(day)) return '';
    if (this.closed.has(day)) return `closed date ${new Date(day * DAY_MS).toISOString().slice(0, 10)}`;
    if (this.region === undefined) return '';
    const names = holidayNamesOn(this.region, day, yearOf(day));
    return names.length === 0 ? '' : `holiday: ${names.join(', ')} (${this.region})`;
  }

  /** The weekly hours in one line, e.g. `Mon-Fri 09:00-17:00 America/New_York`. */
  describeHours(): string {
    this.hoursLine ??= this.hoursInOneLine();
    return this.hoursLine;
  }

  private hoursInOneLine(): string {
    if (this.alwaysOpen) return 'always open (elapsed time)';
    const label = (i: number) => WEEKDAY_LABELS[i];
    const hours = this.weekly.map((pairs) => {
      const parts: string[] = [];
      for (let k = 0; k < pairs.length; k += 2)
        parts.push(`${formatWallTime(pairs[k])}-${formatWallTime(pairs[k + 1])}`);
      return parts.join(', ');
    });
    const groups: string[] = [];
    for (let i = 0; i < hours.length;) {
      let j = i;
      while (j + 1 < hours.length && hours[j + 1] === hours[i]) j++;
      if (hours[i] !== '') groups.push(`${i === j ? label(i) : `${label(i)}-${label(j)}`} ${hours[i]}`);
      i = j + 1;
    }
    const weekly = groups.length === 0 ? 'open on listed dates only' : groups.join('; ');
    return `${weekly} ${this.timeZone}`;
  }

  private buildChunk(key: number): TimelineChunk {
    const startMs = key * CHUNK_MS;
    const endMs = startMs + CHUNK_MS;
    const toUtc = this.converterFor(startMs - 2 * DAY_MS, endMs + 2 * DAY_MS);
    this.converters.set(key, toUtc);
    const from: number[] = [];
    const to: number[] = [];
    // Local days reach up to 14 hours either side of UTC days; two days of margin covers every zone.
    const firstDay = Math.floor(startMs / DAY_MS) - 2;
    const lastDay = Math.floor(endMs / DAY_MS) + 2;
    for (let day = firstDay; day <= lastDay; day++) {
      const plan = this.dayPlan(day, toUtc);
      for (let k = 0; k < plan.open.length; k += 2) {
        const s = Math.max(plan.open[k], startMs);
        const e = Math.min(plan.open[k + 1], endMs);
        if (e <= s) continue;
        const last = to.length - 1;
        if (last >= 0 && s <= to[last]) to[last] = Math.max(to[last], e);
        else {
          from.push(s);
          to.push(e);
        }
      }
    }
    const n = from.length;
    const before = new Float64Array(n);
    const through = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      before[i] = total;
      total += to[i] - from[i];
      through[i] = total;
    }
    return { startMs, endMs, n, from: Float64Array.from(from), to: Float64Array.from(to), before, through, total };
  }

  /**
   * @internal A converter valid for every wall time of the local days that `[fromMs, toMs)` touches:
   * the one its chunk was built with when the stretch lies inside one chunk (explaining many short
   * stretches then asks the zone for no offset), else one made for the stretch.
   */
  converterAround(fromMs: number, toMs: number): (wallMs: number) => number {
    const chunk = this.chunkAt(fromMs);
    if (toMs > chunk.endMs) return this.converterFor(fromMs - 2 * DAY_MS, toMs + 2 * DAY_MS);
    return this.converters.get(Math.floor(chunk.startMs / CHUNK_MS)) as (wallMs: number) => number;
  }

  /**
   * Asking an IANA zone for its offset costs microseconds; within a stretch that has no transition
   * one offset serves every wall time.
   */
  /** @internal */
  converterFor(fromMs: number, toMs: number): (wallMs: number) => number {
    const offset = this.zone.offset(fromMs);
    for (let t = fromMs + SAMPLE_MS; ; t += SAMPLE_MS) {
      const probe = Math.min(t, toMs);
      if (this.zone.offset(probe) !== offset) return (w) => wallToUtc(this.zone, w);
      if (probe === toMs) break;
    }
    const shift = offset * MINUTE_MS;
    return (w) => w - shift;
  }
}

/**
 * Validates and compiles a calendar; throws CalendarInvalid listing every problem. Compiled calendars
 * are shared by content, so their cached per-day intervals survive across calls.
 */
export function compileCalendar(def: CalendarDefinition): BusinessCalendar {
  const key = JSON.stringify(def);
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const validation = validateCalendar(def);
  if (!validation.ok) throw new CalendarInvalid(validation.problems);
  const calendar = new BusinessCalendar(validation.calendar);
  if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, calendar);
  return calendar;
}

function toMinutePairs(intervals: readonly OpenInterval[]): number[] {
  const pairs = intervals
    .map((i) => [parseWallTime(i.from) as number, parseWallTime(i.to) as number] as const)
    .sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

function subtractClosures(pairs: readonly number[], closures: readonly DayClosure[]): number[] {
  let current = [...pairs];
  for (const c of closures) {
    const next: number[] = [];
    for (let k = 0; k < current.length; k += 2) {
      const from = current[k];
      const to = current[k + 1];
      if (c.to <= from || c.from >= to) next.push(from, to);
      else {
        if (from < c.from) next.push(from, c.from);
        if (c.to < to) next.push(c.to, to);
      }
    }
    current = next;
  }
  return current;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
