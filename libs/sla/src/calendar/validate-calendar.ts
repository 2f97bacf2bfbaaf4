import { IANAZone } from 'luxon';
import {
  CalendarDefinition,
  CalendarProblem,
  OpenInterval,
  WEEKDAYS,
  Weekday,
  WeeklyHours,
} from './calendar-definition';
import { isKnownHolidayRegion } from './holiday-regions';
import {
  DAY_MS,
  MINUTE_MS,
  MINUTES_PER_DAY,
  formatWallTime,
  parseIsoDate,
  parseWallTime,
  wallTimeExists,
} from './wall-time';

export type CalendarValidation =
  { ok: true; calendar: CalendarDefinition } | { ok: false; problems: CalendarProblem[] };

const KNOWN_FIELDS = new Set([
  'timeZone',
  'weekly',
  'closedDates',
  'holidayRegion',
  'extraOpenDates',
  'alwaysOpen',
  'version',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a calendar as received (JSON from a contract or a request) and reports every problem at once,
 * each with the path of its field, so a client can fix them all in one round trip.
 */
/** An input value as a message quotes it: strings as written, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export function validateCalendar(def: unknown): CalendarValidation {
  const problems: CalendarProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (!isRecord(def)) {
    return { ok: false, problems: [{ field: '', message: 'a calendar must be an object' }] };
  }
  for (const key of Object.keys(def)) {
    if (!KNOWN_FIELDS.has(key)) problem(key, `unknown field; expected one of ${[...KNOWN_FIELDS].join(', ')}`);
  }

  let zone: IANAZone | null = null;
  if (typeof def.timeZone !== 'string' || def.timeZone === '') {
    problem('timeZone', 'required: an IANA time zone such as Europe/London');
  } else if (!IANAZone.isValidZone(def.timeZone)) {
    problem('timeZone', `unknown IANA time zone "${def.timeZone}"`);
  } else {
    zone = IANAZone.create(def.timeZone);
  }

  if (def.version !== undefined && !(Number.isInteger(def.version) && (def.version as number) >= 1)) {
    problem('version', 'must be a positive integer');
  }
  if (def.alwaysOpen !== undefined && typeof def.alwaysOpen !== 'boolean') {
    problem('alwaysOpen', 'must be true or false');
  }

  let opensSomeDay = def.alwaysOpen === true;

  let weekly: WeeklyHours | undefined;
  if (def.weekly !== undefined) {
    if (!isRecord(def.weekly)) {
      problem('weekly', 'must be an object keyed by mon, tue, wed, thu, fri, sat, sun');
    } else {
      const parsed = new Map<Weekday, ParsedInterval[]>();
      for (const key of Object.keys(def.weekly)) {
        if (!(WEEKDAYS as readonly string[]).includes(key)) {
          problem(`weekly.${key}`, 'unknown weekday; expected mon, tue, wed, thu, fri, sat or sun');
          continue;
        }
        const intervals = parseIntervals(def.weekly[key], `weekly.${key}`, problem, { crossMidnight: true });
        parsed.set(key as Weekday, intervals);
        if (intervals.length > 0) opensSomeDay = true;
      }
      weekly = weeklyOfDays(parsed, def.weekly, problem);
    }
  }

  const closed = new Set<number>();
  if (def.closedDates !== undefined) {
    if (!Array.isArray(def.closedDates)) {
      problem('closedDates', 'must be an array of YYYY-MM-DD dates');
    } else {
      def.closedDates.forEach((date, i) => {
        const day = typeof date === 'string' ? parseIsoDate(date) : null;
        if (day === null) problem(`closedDates[${i}]`, `"${String(date)}" is not a YYYY-MM-DD date that exists`);
        else closed.add(day);
      });
    }
  }

  if (def.holidayRegion !== undefined) {
    if (typeof def.holidayRegion !== 'string' || !isKnownHolidayRegion(def.holidayRegion)) {
      problem(
        'holidayRegion',
        `unknown holiday region "${shown(def.holidayRegion)}"; expected a date-holidays code such as US, GB-ENG, DE`,
      );
    }
  }

  if (def.extraOpenDates !== undefined) {
    if (!Array.isArray(def.extraOpenDates)) {
      problem('extraOpenDates', 'must be an array of { date, intervals }');
    } else {
      const seen = new Map<number, number>();
      def.extraOpenDates.forEach((entry, i) => {
        const path = `extraOpenDates[${i}]`;
        if (!isRecord(entry)) {
          problem(path, 'must be an object { date, intervals }');
          return;
        }
        const day = typeof entry.date === 'string' ? parseIsoDate(entry.date) : null;
        if (day === null) {
          problem(`${path}.date`, `"${String(entry.date)}" is not a YYYY-MM-DD date that exists`);
        } else {
          if (seen.has(day))
            problem(`${path}.date`, `${shown(entry.date)} is already listed at extraOpenDates[${seen.get(day)}]`);
          else seen.set(day, i);
          if (closed.has(day)) problem(`${path}.date`, `${shown(entry.date)} is also listed in closedDates`);
        }
        const intervals = parseIntervals(entry.intervals, `${path}.intervals`, problem, { zone, day });
        reportOverlaps(intervals, problem);
        const count = intervals.length;
        if (count > 0) opensSomeDay = true;
        else if (Array.isArray(entry.intervals) && entry.intervals.length === 0) {
          problem(`${path}.intervals`, 'an extra open date needs at least one interval');
        }
      });
    }
  }

  if (def.alwaysOpen === true) {
    for (const key of ['weekly', 'closedDates', 'holidayRegion', 'extraOpenDates']) {
      if (def[key] !== undefined)
        problem(key, 'cannot be combined with alwaysOpen: an always-open calendar has no hours or closures');
    }
  } else if (!opensSomeDay && problems.length === 0) {
    problem('weekly', 'the calendar never opens: give weekly intervals, extraOpenDates or alwaysOpen: true');
  }

  if (problems.length > 0) return { ok: false, problems: distinct(problems) };
  const calendar = def as unknown as CalendarDefinition;
  return { ok: true, calendar: weekly === undefined ? calendar : { ...calendar, weekly } };
}

function distinct(problems: CalendarProblem[]): CalendarProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One well-formed interval as written: `to` before `from` when it crosses midnight. */
interface ParsedInterval {
  from: number;
  to: number;
  /** Path of the interval in the request, e.g. `weekly.mon[1]`. */
  path: string;
  /** The interval as written, for messages. */
  shown: string;
}

/** The part of an interval that lies within one day: `to` after `from`, both in that day's minutes. */
interface DaySegment {
  from: number;
  to: number;
  origin: ParsedInterval;
}

/**
 * The weekly hours with every interval that crosses midnight split at it, as parseWeeklyHours does
 * (Monday 22:00–06:00 is Monday 22:00–24:00 and Tuesday 00:00–06:00; Sunday's night runs into
 * Monday), after reporting every overlap among the parts of each day. Undefined when nothing crosses
 * midnight: the hours are then kept as given, so no calendar's stored shape changes for nothing.
 */
function weeklyOfDays(
  parsed: Map<Weekday, ParsedInterval[]>,
  given: Record<string, unknown>,
  problem: (field: string, message: string) => void,
): WeeklyHours | undefined {
  const segments = new Map<Weekday, DaySegment[]>(WEEKDAYS.map((day) => [day, []]));
  let crossing = false;
  WEEKDAYS.forEach((day, d) => {
    for (const interval of parsed.get(day) ?? []) {
      if (interval.to > interval.from) {
        segments.get(day)!.push({ from: interval.from, to: interval.to, origin: interval });
        continue;
      }
      crossing = true;
      segments.get(day)!.push({ from: interval.from, to: MINUTES_PER_DAY, origin: interval });
      if (interval.to > 0) segments.get(WEEKDAYS[(d + 1) % 7])!.push({ from: 0, to: interval.to, origin: interval });
    }
  });
  for (const day of WEEKDAYS) reportOverlaps(segments.get(day)!, problem);
  if (!crossing) return undefined;
  const weekly: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const list = segments.get(day)!;
    if (list.length === 0 && given[day] === undefined) continue;
    weekly[day] = [...list]
      .sort((a, b) => a.from - b.from)
      .map((segment): OpenInterval => ({ from: formatWallTime(segment.from), to: formatWallTime(segment.to) }));
  }
  return weekly;
}

/**
 * Reports each part of a day that starts before an earlier one has closed. The problem is filed
 * under the interval written on that day rather than under the night spilling in from the day
 * before, so the field named is the one to change on that day.
 */
function reportOverlaps(
  parts: readonly (DaySegment | ParsedInterval)[],
  problem: (field: string, message: string) => void,
): void {
  const segments = parts.map((p): DaySegment => ('origin' in p ? p : { from: p.from, to: p.to, origin: p }));
  const sorted = [...segments].sort((a, b) => a.from - b.from || a.to - b.to);
  const spills = (segment: DaySegment) => segment.from === 0 && segment.origin.from !== 0;
  let reach = sorted[0];
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].from < reach.to) {
      const [filed, other] = spills(sorted[k]) && !spills(reach) ? [reach, sorted[k]] : [sorted[k], reach];
      problem(filed.origin.path, `overlaps ${other.origin.path} (${other.origin.shown})`);
    }
    if (sorted[k].to > reach.to) reach = sorted[k];
  }
}

/**
 * The well-formed intervals of a list, each form problem reported with its path. With `crossMidnight`
 * an interval whose end is before its start is kept (it runs into the next day); otherwise it is
 * refused. With a zone and a date, a time that the date skips (spring forward) is refused.
 */
function parseIntervals(
  value: unknown,
  path: string,
  problem: (field: string, message: string) => void,
  options: { crossMidnight?: boolean; zone?: IANAZone | null; day?: number | null } = {},
): ParsedInterval[] {
  const { crossMidnight = false, zone = null, day = null } = options;
  if (!Array.isArray(value)) {
    problem(path, 'must be an array of { from: "HH:MM", to: "HH:MM" }');
    return [];
  }
  const parsed: ParsedInterval[] = [];
  value.forEach((interval, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(interval)) {
      problem(at, 'must be an object { from: "HH:MM", to: "HH:MM" }');
      return;
    }
    const from = typeof interval.from === 'string' ? parseWallTime(interval.from) : null;
    const to = typeof interval.to === 'string' ? parseWallTime(interval.to) : null;
    if (from === null) problem(`${at}.from`, `"${String(interval.from)}" is not a time of day HH:MM (00:00–23:59)`);
    else if (from === MINUTES_PER_DAY) problem(`${at}.from`, '24:00 can only close an interval');
    if (to === null) problem(`${at}.to`, `"${String(interval.to)}" is not a time of day HH:MM (00:00–24:00)`);
    if (from === null || to === null || from === MINUTES_PER_DAY) return;
    if (to === from) {
      problem(`${at}.to`, 'an interval must not be empty');
      return;
    }
    if (to < from && !crossMidnight) {
      problem(
        `${at}.to`,
        `${shown(interval.to)} is not after ${shown(interval.from)}; an interval of one date cannot cross midnight: ` +
          'end it at 24:00 and open the next date from 00:00',
      );
      return;
    }
    if (zone && day !== null) {
      for (const [field, minutes] of [
        ['from', from],
        ['to', to],
      ] as const) {
        if (minutes < MINUTES_PER_DAY && !wallTimeExists(zone, day * DAY_MS + minutes * MINUTE_MS)) {
          problem(
            `${at}.${field}`,
            `${formatWallTime(minutes)} does not exist on that date in ${zone.name} (clocks skip it)`,
          );
        }
      }
    }
    const written = `${formatWallTime(from)}–${formatWallTime(to)}`;
    parsed.push({ from, to, path: at, shown: to < from ? `${written}, across midnight` : written });
  });
  return parsed;
}
