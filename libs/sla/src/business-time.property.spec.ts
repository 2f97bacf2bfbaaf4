import fc from 'fast-check';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { CalendarDefinition, OpenInterval, WEEKDAYS } from './calendar/calendar-definition';
import { compileCalendar } from './calendar/business-calendar';
import { validateCalendar } from './calendar/validate-calendar';
import {
  addBusinessMillis,
  businessMillisBetween,
  isOpenAt,
  nextOpeningMillis,
  stretchesBetween,
} from './business-time';

const RUNS = { numRuns: 150 };
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kolkata',
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago', // DST at midnight
  'America/Havana', // DST at midnight
  'Etc/GMT-3',
  'UTC',
];
const REGIONS = ['US', 'GB-ENG', 'GB-SCT', 'DE', 'IT', 'ID', 'CN', 'RU'];

const time = (m: number) =>
  m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Sorted distinct minute marks paired up into non-overlapping intervals; 24:00 can only close one. */
const dayIntervals = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b);
  const out: OpenInterval[] = [];
  for (let k = 0; k + 1 < sorted.length; k += 2) out.push({ from: time(sorted[k]), to: time(sorted[k + 1]) });
  return out;
});

const isoDate = fc
  .integer({ min: FROM / 86_400_000, max: TO / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const weeklyCalendar: fc.Arbitrary<CalendarDefinition> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly: fc
      .tuple(...WEEKDAYS.map(() => dayIntervals))
      .map((days) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]]))),
    holidayRegion: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
    closedDates: fc.uniqueArray(isoDate, { maxLength: 4 }),
    extraOpenDates: fc.uniqueArray(fc.record({ date: isoDate, intervals: dayIntervals }), {
      maxLength: 3,
      selector: (e) => e.date,
    }),
  })
  .map((def) => {
    const out: CalendarDefinition = { timeZone: def.timeZone, weekly: def.weekly, closedDates: def.closedDates };
    if (def.holidayRegion) out.holidayRegion = def.holidayRegion;
    const extra = def.extraOpenDates.filter((e) => e.intervals.length > 0 && !def.closedDates.includes(e.date));
    if (extra.length > 0) out.extraOpenDates = extra;
    return out;
  })
  .filter((def) => Object.values(def.weekly ?? {}).some((d) => d.length > 0) && validateCalendar(def).ok);

const anyCalendar = fc.oneof(
  { weight: 5, arbitrary: weeklyCalendar },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...ZONES).map((timeZone): CalendarDefinition => ({ timeZone, alwaysOpen: true })),
  },
);

/** Open minutes in a plain week, to keep random durations within a few weeks of business time. */
function weeklyOpenMs(def: CalendarDefinition): number {
  if (def.alwaysOpen) return 7 * 86_400_000;
  let minutes = 0;
  for (const intervals of Object.values(def.weekly ?? {})) {
    for (const i of intervals)
      minutes +=
        (i.to === '24:00' ? 1440 : Number(i.to.slice(0, 2)) * 60 + Number(i.to.slice(3))) -
        (Number(i.from.slice(0, 2)) * 60 + Number(i.from.slice(3)));
  }
  return minutes * 60_000;
}

const instant = fc.integer({ min: FROM, max: TO });
/** A share of up to three weeks of the calendar's business time, to the millisecond. */
const share = fc.double({ min: 0, max: 3, noNaN: true });
const durationFor = (def: CalendarDefinition, s: number) => Math.floor(weeklyOpenMs(def) * s);

describe('business-time properties over random calendars and instants', () => {
  it('measuring from a start to its due instant gives back the duration', () => {
    fc.assert(
      fc.property(anyCalendar, instant, share, (def, a, s) => {
        const cal = compileCalendar(def);
        const d = durationFor(def, s);
        expect(businessMillisBetween(cal, a, addBusinessMillis(cal, a, d))).toBe(d);
      }),
      RUNS,
    );
  });

  it('adding x then y is adding x + y', () => {
    fc.assert(
      fc.property(anyCalendar, instant, share, share, (def, a, s1, s2) => {
        const cal = compileCalendar(def);
        const x = durationFor(def, s1 / 2);
        const y = durationFor(def, s2 / 2);
        expect(addBusinessMillis(cal, addBusinessMillis(cal, a, x), y)).toBe(addBusinessMillis(cal, a, x + y));
      }),
      RUNS,
    );
  });

  it('a due instant never moves earlier for a later start or a longer target', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, share, share, (def, a1, a2, s1, s2) => {
        const cal = compileCalendar(def);
        const [early, late] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const [short, long] = [durationFor(def, Math.min(s1, s2)), durationFor(def, Math.max(s1, s2))];
        expect(addBusinessMillis(cal, early, short)).toBeLessThanOrEqual(addBusinessMillis(cal, late, short));
        expect(addBusinessMillis(cal, early, short)).toBeLessThanOrEqual(addBusinessMillis(cal, early, long));
        expect(businessMillisBetween(cal, early, late)).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('a due instant is never inside a closed period unless it is exactly a closing time', () => {
    fc.assert(
      fc.property(anyCalendar, instant, share, (def, a, s) => {
        const cal = compileCalendar(def);
        const d = durationFor(def, s);
        const due = addBusinessMillis(cal, a, d);
        expect(due).toBeGreaterThanOrEqual(a);
        if (d > 0) expect(isOpenAt(cal, due - 1)).toBe(true);
        else expect(isOpenAt(cal, due) || isOpenAt(cal, due - 1)).toBe(true);
      }),
      RUNS,
    );
  });

  it('business time over [a, c] is business time over [a, b] plus [b, c]', () => {
    fc.assert(
      fc.property(anyCalendar, fc.array(instant, { minLength: 3, maxLength: 3 }), (def, points) => {
        const cal = compileCalendar(def);
        const [a, b, c] = [...points].sort((x, y) => x - y);
        expect(businessMillisBetween(cal, a, b) + businessMillisBetween(cal, b, c)).toBe(
          businessMillisBetween(cal, a, c),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('the next opening is open, not earlier than the instant, and no business time lies before it', () => {
    fc.assert(
      fc.property(anyCalendar, instant, (def, t) => {
        const cal = compileCalendar(def);
        const next = nextOpeningMillis(cal, t) as number;
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isOpenAt(cal, next)).toBe(true);
        expect(businessMillisBetween(cal, t, next)).toBe(0);
      }),
      RUNS,
    );
  });

  it('the open stretches of an explanation add up to the business time and cover the span without gaps', () => {
    fc.assert(
      fc.property(anyCalendar, instant, fc.integer({ min: 0, max: 20 * 86_400_000 }), (def, a, span) => {
        const cal = compileCalendar(def);
        const stretches = stretchesBetween(cal, a, a + span);
        let cursor = a;
        let open = 0;
        for (const s of stretches) {
          expect(s.fromMs).toBe(cursor);
          expect(s.toMs).toBeGreaterThan(s.fromMs);
          cursor = s.toMs;
          if (s.kind === 'open') open += s.toMs - s.fromMs;
        }
        if (span > 0) expect(cursor).toBe(a + span);
        expect(open).toBe(businessMillisBetween(cal, a, a + span));
      }),
      { numRuns: 80 },
    );
  });

  it('isOpen agrees with a wall-clock reading of the definition on days without a clock change', () => {
    const holidays = new Map<string, ReturnType<Holidays['getHolidays']>>();
    const holidaysOf = (region: string, year: number) => {
      const key = `${region} ${year}`;
      let list = holidays.get(key);
      if (list === undefined) {
        const [country, state] = region.split('-');
        list = new Holidays(country, state).getHolidays(year);
        holidays.set(key, list);
      }
      return list;
    };
    fc.assert(
      fc.property(weeklyCalendar, instant, (def, t) => {
        const local = DateTime.fromMillis(t, { zone: def.timeZone });
        fc.pre(local.startOf('day').offset === local.endOf('day').offset);
        const date = local.toISODate() as string;
        const msOfDay = t - local.startOf('day').toMillis();
        let intervals: OpenInterval[] = def.weekly?.[WEEKDAYS[local.weekday - 1]] ?? [];
        const extra = def.extraOpenDates?.find((e) => e.date === date);
        if (extra) intervals = extra.intervals;
        else if (def.closedDates?.includes(date)) intervals = [];
        else if (def.holidayRegion) {
          for (const year of [local.year - 1, local.year]) {
            for (const h of holidaysOf(def.holidayRegion, year)) {
              if (h.type !== 'public' && h.type !== 'bank') continue;
              const first = DateTime.fromISO(h.date.slice(0, 10), { zone: 'utc' });
              const days = Math.ceil((h.end.getTime() - h.start.getTime()) / 86_400_000);
              const covered = Math.round(DateTime.fromISO(date, { zone: 'utc' }).diff(first, 'days').days);
              if (covered < 0 || covered >= days) continue;
              fc.pre(h.date.slice(11, 16) === '00:00' || covered > 0); // partial days are checked by the hand table
              intervals = [];
            }
          }
        }
        const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
        const expected = intervals.some((i) => minutes(i.from) * 60_000 <= msOfDay && msOfDay < minutes(i.to) * 60_000);
        expect(isOpenAt(compileCalendar(def), t)).toBe(expected);
      }),
      { numRuns: 250 },
    );
  });
});
