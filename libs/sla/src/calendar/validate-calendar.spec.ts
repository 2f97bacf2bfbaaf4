import { CalendarInvalid } from './calendar-definition';
import { compileCalendar } from './business-calendar';
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
        wed: [{ from: '21:00', to: '02:00' }],
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
      'weekly.mon[1]',
      'weekly.tue[0].from',
      'weekly.tue[0].to',
      'weekly.wed[0].to',
      'weekly.thu[0].from',
      'weekly.fri[0].from',
      'weekly.fri[0].to',
      'weekly.funday',
      'closedDates[0]',
      'holidayRegion',
      'extraOpenDates[0].date',
      'extraOpenDates[1].date',
      'extraOpenDates[1].date',
      'extraOpenDates[1].intervals',
    ]);
    expect(problems.find((p) => p.field === 'weekly.mon[1]')?.message).toContain('overlaps weekly.mon[0]');
    expect(problems.find((p) => p.field === 'weekly.wed[0].to')?.message).toContain('crosses midnight');
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
