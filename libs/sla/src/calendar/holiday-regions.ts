import Holidays from 'date-holidays';
import { MINUTES_PER_DAY, parseIsoDate, parseWallTime } from './wall-time';

/** A closed stretch of one local day, in minutes after local midnight, `[from, to)`. */
export interface DayClosure {
  from: number;
  to: number;
}

const COUNTED_TYPES = new Set(['public', 'bank']);

const regionRules = new Map<string, Holidays>();
/** region → year → day number → closures. Holiday rules never change at run time, so this is memoisation, not state. */
const closuresByYear = new Map<string, Map<number, Map<number, DayClosure[]>>>();
/** region → year → day number → the names of the holidays closing it, in English where date-holidays has it. */
const namesByYear = new Map<string, Map<number, Map<number, string[]>>>();

function splitRegion(region: string): [string, string | undefined] {
  const dash = region.indexOf('-');
  return dash < 0 ? [region, undefined] : [region.slice(0, dash), region.slice(dash + 1)];
}

const knownRegions = new Map<string, boolean>();

/** Whether date-holidays knows the region (`US`, `GB-ENG`, `DE-BY`, …); case-sensitive as stored. */
export function isKnownHolidayRegion(region: string): boolean {
  let known = knownRegions.get(region);
  if (known === undefined) {
    const [country, state] = splitRegion(region);
    const probe = new Holidays();
    const countries = probe.getCountries() ?? {};
    const states = country in countries && state !== undefined ? (probe.getStates(country) ?? {}) : {};
    known = country in countries && (state === undefined || state in states);
    knownRegions.set(region, known);
  }
  return known;
}

function rulesFor(region: string): Holidays {
  let rules = regionRules.get(region);
  if (!rules) {
    const [country, state] = splitRegion(region);
    rules = state === undefined ? new Holidays(country) : new Holidays(country, state);
    regionRules.set(region, rules);
  }
  return rules;
}

/**
 * Holidays of one year as closures keyed by the local day they fall on. A holiday that starts in the
 * afternoon (Heiliger Abend from 14:00) closes only from then; one that lasts several days
 * (Новогодние каникулы) closes each of them; substitute days come as holidays of their own.
 */
function closuresOfYear(region: string, year: number): Map<number, DayClosure[]> {
  let years = closuresByYear.get(region);
  if (!years) {
    years = new Map();
    closuresByYear.set(region, years);
  }
  let closures = years.get(year);
  if (closures) return closures;
  closures = new Map();
  const names = new Map<number, string[]>();
  for (const holiday of rulesFor(region).getHolidays(year, 'en')) {
    if (!COUNTED_TYPES.has(holiday.type)) continue;
    // `date` is the local wall time in the region, e.g. `2025-12-24 14:00:00` or `2025-03-30 00:00:00 -0600`.
    const day = parseIsoDate(holiday.date.slice(0, 10));
    const fromMinute = parseWallTime(holiday.date.slice(11, 16)) ?? 0;
    if (day === null) continue;
    const lengthMinutes = Math.round((holiday.end.getTime() - holiday.start.getTime()) / 60_000);
    const endMinute = fromMinute + lengthMinutes;
    for (let k = 0; k * MINUTES_PER_DAY < endMinute; k++) {
      const from = Math.max(0, fromMinute - k * MINUTES_PER_DAY);
      const to = Math.min(MINUTES_PER_DAY, endMinute - k * MINUTES_PER_DAY);
      if (to <= from) continue;
      const list = closures.get(day + k) ?? [];
      list.push({ from, to });
      closures.set(day + k, list);
      names.set(day + k, [...(names.get(day + k) ?? []), holiday.name]);
    }
  }
  years.set(year, closures);
  let yearNames = namesByYear.get(region);
  if (!yearNames) {
    yearNames = new Map();
    namesByYear.set(region, yearNames);
  }
  yearNames.set(year, names);
  return closures;
}

/**
 * Closures of one local day. A year's list can hold days of its neighbours (a substitute for 1 January
 * observed on 31 December, a break that runs over New Year), so the adjacent years are read too.
 */
export function holidayClosuresOn(region: string, day: number, year: number): readonly DayClosure[] {
  let found: DayClosure[] | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const list = closuresOfYear(region, y).get(day);
    if (list === undefined) continue;
    found = found === undefined ? list : [...found, ...list];
  }
  return found ?? [];
}

/** The names of the holidays that close one local day, for explaining a clock's closed time. */
export function holidayNamesOn(region: string, day: number, year: number): readonly string[] {
  const found: string[] = [];
  for (const y of [year - 1, year, year + 1]) {
    closuresOfYear(region, y);
    for (const name of namesByYear.get(region)?.get(y)?.get(day) ?? []) if (!found.includes(name)) found.push(name);
  }
  return found;
}
