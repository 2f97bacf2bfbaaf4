import { IANAZone } from 'luxon';
import { CalendarDefinition, CalendarProblem, WEEKDAYS } from './calendar-definition';
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

  if (def.weekly !== undefined) {
    if (!isRecord(def.weekly)) {
      problem('weekly', 'must be an object keyed by mon, tue, wed, thu, fri, sat, sun');
    } else {
      for (const key of Object.keys(def.weekly)) {
        if (!(WEEKDAYS as readonly string[]).includes(key)) {
          problem(`weekly.${key}`, 'unknown weekday; expected mon, tue, wed, thu, fri, sat or sun');
          continue;
        }
        if (checkIntervals(def.weekly[key], `weekly.${key}`, problem) > 0) opensSomeDay = true;
      }
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
        const count = checkIntervals(entry.intervals, `${path}.intervals`, problem, zone, day);
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

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, calendar: def as unknown as CalendarDefinition };
}

/** Returns how many well-formed intervals the list holds. */
function checkIntervals(
  value: unknown,
  path: string,
  problem: (field: string, message: string) => void,
  zone: IANAZone | null = null,
  day: number | null = null,
): number {
  if (!Array.isArray(value)) {
    problem(path, 'must be an array of { from: "HH:MM", to: "HH:MM" }');
    return 0;
  }
  const parsed: { from: number; to: number; i: number }[] = [];
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
    if (to <= from) {
      problem(
        `${at}.to`,
        to === from
          ? 'an interval must not be empty'
          : `${shown(interval.to)} is not after ${shown(interval.from)}; write an interval that crosses midnight as two (…–24:00 and 00:00–…), or use parseWeeklyHours`,
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
    parsed.push({ from, to, i });
  });
  const sorted = [...parsed].sort((a, b) => a.from - b.from);
  let reach = sorted[0];
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].from < reach.to) {
      problem(
        `${path}[${sorted[k].i}]`,
        `overlaps ${path}[${reach.i}] (${formatWallTime(reach.from)}–${formatWallTime(reach.to)})`,
      );
    }
    if (sorted[k].to > reach.to) reach = sorted[k];
  }
  return parsed.length;
}
