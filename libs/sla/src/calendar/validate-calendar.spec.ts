import { CalendarInvalid } from './calendar-definition';
import { compileCalendar } from './business-calendar';
import { DateTime } from 'luxon';
import { addBusinessTime } from '../business-time';
import { parseWeeklyHours } from './parse-weekly-hours';
import { validateCalendar } from './validate-calendar';

const problemsOf = (def: unknown) => {
  const v = validateCalendar(def);
  return v.ok ? [] : v.problems;
};

describe('validateCalendar', () => {
  it('accepts a plain office calendar, a split day, 24:00 closing and an always-open calendar', () => {
    expect(
      validateCalendar({
        timeZone: 'Europe/London',
        weekly: { mon: [{ from: '08:30', to: '16:30' }] },
        holidayRegion: 'GB-ENG',
        version: 3,
      }).ok,
    ).toBe(true);
    expect(
      validateCalendar({
        timeZone: 'Asia/Tokyo',
        weekly: {
          sat: [
            { from: '09:00', to: '12:00' },
            { from: '12:00', to: '24:00' },
          ],
        },
      }).ok,
    ).toBe(true);
    expect(validateCalendar({ timeZone: 'Etc/GMT-3', alwaysOpen: true }).ok).toBe(true);
  });

  it.each(['US', 'GB-ENG', 'GB-SCT', 'DE', 'IT', 'ID', 'CN', 'RU'])('knows the holiday region %s', (holidayRegion) => {
    expect(
      validateCalendar({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] }, holidayRegion }).ok,
    ).toBe(true);
  });

  it('lists every problem with the path of its field', () => {
    const problems = problemsOf({
      timeZone: 'Mars/Olympus_Mons',
      weekly: {
        mon: [
          { from: '09:00', to: '17:00' },
          { from: '16:00', to: '18:00' },
        ],
        tue: [{ from: '25:00', to: '26:00' }],
        wed: [{ from: '21:00', to: '21:00' }],
        thu: [{ from: '24:00', to: '24:00' }],
        fri: [{ from: '9:00', to: '17:60' }],
        funday: [],
      },
      closedDates: ['2025-02-30', '2025-12-25'],
      holidayRegion: 'XX-YY',
      extraOpenDates: [
        { date: '2025-12-25', intervals: [{ from: '10:00', to: '12:00' }] },
        { date: '2025-12-25', intervals: [] },
      ],
      version: 0,
      colour: 'blue',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'colour',
      'timeZone',
      'version',
      'weekly.tue[0].from',
      'weekly.tue[0].to',
      'weekly.wed[0].to',
      'weekly.thu[0].from',
      'weekly.fri[0].from',
      'weekly.fri[0].to',
      'weekly.funday',
      'weekly.mon[1]',
      'closedDates[0]',
      'holidayRegion',
      'extraOpenDates[0].date',
      'extraOpenDates[1].date',
      'extraOpenDates[1].date',
      'extraOpenDates[1].intervals',
    ]);
    expect(problems.find((p) => p.field === 'weekly.mon[1]')?.message).toContain('overlaps weekly.mon[0]');
    expect(problems.find((p) => p.field === 'weekly.wed[0].to')?.message).toBe('an interval must not be empty');
  });

  describe('intervals that cross midnight', () => {
    const weeklyOf = (weekly: Record<string, { from: string; to: string }[]>) => {
      const v = validateCalendar({ timeZone: 'Europe/London', weekly });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      return v.calendar.weekly;
    };

    it("Monday 22:00–06:00 is Monday 22:00 to Tuesday 06:00, beside Tuesday's own hours", () => {
      expect(weeklyOf({ mon: [{ from: '22:00', to: '06:00' }], tue: [{ from: '09:00', to: '17:00' }] })).toEqual({
        mon: [{ from: '22:00', to: '24:00' }],
        tue: [
          { from: '00:00', to: '06:00' },
          { from: '09:00', to: '17:00' },
        ],
      });
    });

    it("Sunday's night runs into Monday, and an interval ending at 00:00 ends at midnight", () => {
      expect(weeklyOf({ sun: [{ from: '20:00', to: '02:00' }], sat: [{ from: '18:00', to: '00:00' }] })).toEqual({
        mon: [{ from: '00:00', to: '02:00' }],
        sat: [{ from: '18:00', to: '24:00' }],
        sun: [{ from: '20:00', to: '24:00' }],
      });
    });

    it('gives the same hours as the text parser for the same night shifts', () => {
      const parsed = parseWeeklyHours('Mon-Fri 09:00-17:00; Fri-Sun 21:00-03:00');
      if (!parsed.ok) throw new Error('the text did not parse');
      const json = weeklyOf({
        mon: [{ from: '09:00', to: '17:00' }],
        tue: [{ from: '09:00', to: '17:00' }],
        wed: [{ from: '09:00', to: '17:00' }],
        thu: [{ from: '09:00', to: '17:00' }],
        fri: [
          { from: '09:00', to: '17:00' },
          { from: '21:00', to: '03:00' },
        ],
        sat: [{ from: '21:00', to: '03:00' }],
        sun: [{ from: '21:00', to: '03:00' }],
      });
      expect(json).toEqual(parsed.weekly);
    });

    it('a calendar without such an interval is answered exactly as given', () => {
      const given = {
        timeZone: 'UTC',
        weekly: {
          mon: [
            { from: '13:00', to: '17:00' },
            { from: '09:00', to: '12:00' },
          ],
          tue: [],
        },
      };
      expect(validateCalendar(given)).toEqual({ ok: true, calendar: given });
    });

    it('the part after midnight opens business time on the next day', () => {
      const calendar = compileCalendar({ timeZone: 'UTC', weekly: { mon: [{ from: '22:00', to: '06:00' }] } });
      // Monday 2026-04-06 23:00 UTC: one hour to midnight, then six on Tuesday morning.
      const due = addBusinessTime(calendar, DateTime.fromISO('2026-04-06T23:00:00Z'), { minutes: 3 * 60 });
      expect(due.toUTC().toISO()).toBe('2026-04-07T02:00:00.000Z');
    });

    it('a closed date closes the part of the night that falls on it, as for the text form', () => {
      const calendar = compileCalendar({
        timeZone: 'UTC',
        weekly: { mon: [{ from: '22:00', to: '06:00' }] },
        closedDates: ['2026-04-07'],
      });
      // Monday 23:00: one hour to midnight; Tuesday 7 April is closed; the next two hours are the next Monday night's.
      const due = addBusinessTime(calendar, DateTime.fromISO('2026-04-06T23:00:00Z'), { minutes: 3 * 60 });
      expect(due.toUTC().toISO()).toBe('2026-04-14T00:00:00.000Z');
    });

    it('refuses overlaps the night makes on the next day, listing every problem with both fields', () => {
      const problems = problemsOf({
        timeZone: 'UTC',
        weekly: {
          mon: [{ from: '22:00', to: '06:00' }],
          tue: [
            { from: '05:00', to: '09:00' },
            { from: '08:00', to: '10:00' },
          ],
          sun: [{ from: '23:00', to: '01:00' }],
          sat: [{ from: '23:00', to: '23:30' }],
        },
      });
      expect(problems).toEqual([
        { field: 'weekly.tue[0]', message: 'overlaps weekly.mon[0] (22:00–06:00, across midnight)' },
        { field: 'weekly.tue[1]', message: 'overlaps weekly.tue[0] (05:00–09:00)' },
      ]);
      expect(
        problemsOf({
          timeZone: 'UTC',
          weekly: { sun: [{ from: '22:00', to: '02:00' }], mon: [{ from: '01:00', to: '03:00' }] },
        }),
      ).toEqual([{ field: 'weekly.mon[0]', message: 'overlaps weekly.sun[0] (22:00–02:00, across midnight)' }]);
    });

    it('still refuses an empty interval, and a crossing interval on an extra open date', () => {
      expect(problemsOf({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '09:00' }] } })).toEqual([
        { field: 'weekly.mon[0].to', message: 'an interval must not be empty' },
      ]);
      expect(
        problemsOf({
          timeZone: 'UTC',
          weekly: { mon: [{ from: '09:00', to: '17:00' }] },
          extraOpenDates: [{ date: '2026-12-27', intervals: [{ from: '22:00', to: '02:00' }] }],
        }),
      ).toEqual([
        { field: 'extraOpenDates[0].intervals[0].to', message: expect.stringContaining('cannot cross midnight') },
      ]);
    });
  });

  it('rejects a time that does not exist on an extra open date (skipped by spring-forward)', () => {
    const problems = problemsOf({
      timeZone: 'America/New_York',
      weekly: {},
      extraOpenDates: [{ date: '2025-03-09', intervals: [{ from: '02:30', to: '05:00' }] }],
    });
    expect(problems).toEqual([
      {
        field: 'extraOpenDates[0].intervals[0].from',
        message: '02:30 does not exist on that date in America/New_York (clocks skip it)',
      },
    ]);
  });

  it('rejects an interval contained in another one', () => {
    expect(
      problemsOf({
        timeZone: 'UTC',
        weekly: {
          mon: [
            { from: '08:00', to: '18:00' },
            { from: '09:00', to: '10:00' },
            { from: '11:00', to: '12:00' },
          ],
        },
      }).map((p) => p.field),
    ).toEqual(['weekly.mon[1]', 'weekly.mon[2]']);
  });

  it('rejects a calendar that never opens', () => {
    expect(problemsOf({ timeZone: 'UTC', weekly: { mon: [] } })).toEqual([
      { field: 'weekly', message: expect.stringContaining('never opens') },
    ]);
  });

  it('rejects alwaysOpen combined with hours or closures', () => {
    expect(
      problemsOf({
        timeZone: 'UTC',
        alwaysOpen: true,
        weekly: { mon: [{ from: '09:00', to: '10:00' }] },
        holidayRegion: 'US',
      }).map((p) => p.field),
    ).toEqual(['weekly', 'holidayRegion']);
  });

  it('rejects what is not an object, and a missing time zone', () => {
    expect(problemsOf('Mon-Fri 9-5')).toEqual([{ field: '', message: 'a calendar must be an object' }]);
    expect(problemsOf({ weekly: { mon: [{ from: '09:00', to: '10:00' }] } }).map((p) => p.field)).toEqual(['timeZone']);
  });

  it('compileCalendar throws CalendarInvalid carrying the problems, and keeps the version', () => {
    expect(() => compileCalendar({ timeZone: 'Nowhere/Land', weekly: {} })).toThrow(CalendarInvalid);
    try {
      compileCalendar({ timeZone: 'Nowhere/Land', weekly: {} });
    } catch (e) {
      expect((e as CalendarInvalid).problems[0].field).toBe('timeZone');
    }
    const cal = compileCalendar({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '10:00' }] }, version: 7 });
    expect(cal.version).toBe(7);
    expect(cal.definition.weekly?.mon).toEqual([{ from: '09:00', to: '10:00' }]);
    expect(compileCalendar({ timeZone: 'UTC', alwaysOpen: true }).version).toBe(1);
  });
});
