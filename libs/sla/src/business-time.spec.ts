import { DateTime } from 'luxon';
import { CalendarDefinition } from './calendar/calendar-definition';
import { compileCalendar } from './calendar/business-calendar';
import { parseWeeklyHours } from './calendar/parse-weekly-hours';
import { addBusinessTime, businessTimeBetween, isOpen, nextOpening, stretchesBetween } from './business-time';

const MON_FRI = (from: string, to: string): CalendarDefinition['weekly'] => {
  const day = [{ from, to }];
  return { mon: day, tue: day, wed: day, thu: day, fri: day };
};
const EVERY_DAY = (intervals: { from: string; to: string }[]): CalendarDefinition['weekly'] => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: intervals,
  sun: intervals,
});

const CALENDARS = {
  usEastern: { timeZone: 'America/New_York', weekly: MON_FRI('09:00', '17:00'), holidayRegion: 'US' },
  usPacific: { timeZone: 'America/Los_Angeles', weekly: MON_FRI('09:00', '17:00'), holidayRegion: 'US' },
  uk: { timeZone: 'Europe/London', weekly: MON_FRI('08:30', '16:30'), holidayRegion: 'GB-ENG' },
  berlinLunch: {
    timeZone: 'Europe/Berlin',
    weekly: EVERY_DAY([
      { from: '09:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]),
    holidayRegion: 'DE',
  },
  sevenDays: { timeZone: 'Etc/GMT-3', weekly: EVERY_DAY([{ from: '09:00', to: '18:00' }]) },
  midnightToMidnight: { timeZone: 'America/New_York', weekly: EVERY_DAY([{ from: '00:00', to: '24:00' }]) },
  alwaysOpen: { timeZone: 'America/New_York', alwaysOpen: true },
  nightShift: {
    timeZone: 'Europe/London',
    weekly: (parseWeeklyHours('Fri 21:00-02:00') as { weekly: CalendarDefinition['weekly'] }).weekly,
  },
  earlySunday: { timeZone: 'America/New_York', weekly: { sun: [{ from: '02:00', to: '04:00' }] } },
  berlinHalfDays: { timeZone: 'Europe/Berlin', weekly: MON_FRI('09:00', '17:00'), holidayRegion: 'DE' },
  saturdayOpening: {
    timeZone: 'Europe/London',
    weekly: MON_FRI('09:00', '17:00'),
    closedDates: ['2025-03-05'],
    extraOpenDates: [{ date: '2025-03-08', intervals: [{ from: '10:00', to: '12:00' }] }],
  },
} satisfies Record<string, CalendarDefinition>;

type CalendarName = keyof typeof CALENDARS;
const calendar = (name: CalendarName) => compileCalendar(CALENDARS[name]);
const local = (name: CalendarName, iso: string) => DateTime.fromISO(iso, { zone: CALENDARS[name].timeZone });
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();

/** Each row checked by hand against a wall calendar; `due` is UTC. */
const DUE_CASES: { rule: string; cal: CalendarName; start: string; minutes: number; due: string }[] = [
  {
    rule: 'a clock started before opening waits for the opening',
    cal: 'usEastern',
    start: '2025-03-03T07:00',
    minutes: 60,
    due: '2025-03-03T15:00Z',
  },
  {
    rule: 'a clock started after closing runs from the next opening',
    cal: 'usEastern',
    start: '2025-03-04T18:30',
    minutes: 30,
    due: '2025-03-05T14:30Z',
  },
  {
    rule: 'a target reached exactly at closing time is due at closing time',
    cal: 'usEastern',
    start: '2025-03-03T09:00',
    minutes: 480,
    due: '2025-03-03T22:00Z',
  },
  {
    rule: 'one minute more than the day is due one minute after the next opening',
    cal: 'usEastern',
    start: '2025-03-03T09:00',
    minutes: 481,
    due: '2025-03-04T14:01Z',
  },
  {
    rule: 'the weekend does not count',
    cal: 'usEastern',
    start: '2025-03-14T15:00',
    minutes: 240,
    due: '2025-03-17T15:00Z',
  },
  {
    rule: 'a public holiday does not count (Thanksgiving)',
    cal: 'usEastern',
    start: '2025-11-26T16:00',
    minutes: 120,
    due: '2025-11-28T15:00Z',
  },
  {
    rule: 'a substitute holiday does not count (US Independence Day observed Monday 5 July 2021)',
    cal: 'usEastern',
    start: '2021-07-02T16:00',
    minutes: 120,
    due: '2021-07-06T14:00Z',
  },
  {
    rule: 'a substitute bank holiday does not count (England, Christmas observed Tuesday 27 December 2022)',
    cal: 'uk',
    start: '2022-12-23T16:00',
    minutes: 60,
    due: '2022-12-28T09:00Z',
  },
  {
    rule: 'US spring-forward weekend: Friday EST, Monday EDT',
    cal: 'usEastern',
    start: '2025-03-07T16:00',
    minutes: 120,
    due: '2025-03-10T14:00Z',
  },
  {
    rule: 'US fall-back weekend: Friday EDT, Monday EST',
    cal: 'usEastern',
    start: '2025-10-31T16:00',
    minutes: 120,
    due: '2025-11-03T15:00Z',
  },
  {
    rule: 'US Pacific fall-back weekend: Friday PDT, Monday PST',
    cal: 'usPacific',
    start: '2025-10-31T16:30',
    minutes: 60,
    due: '2025-11-03T17:30Z',
  },
  {
    rule: 'UK spring-forward weekend: Friday GMT, Monday BST',
    cal: 'uk',
    start: '2025-03-28T16:00',
    minutes: 60,
    due: '2025-03-31T08:00Z',
  },
  {
    rule: 'UK fall-back weekend: Friday BST, Monday GMT',
    cal: 'uk',
    start: '2025-10-24T16:00',
    minutes: 60,
    due: '2025-10-27T09:00Z',
  },
  {
    rule: 'a 24/7 15-minute clock across the fall-back hour counts real minutes',
    cal: 'alwaysOpen',
    start: '2025-11-02T01:50-04:00',
    minutes: 15,
    due: '2025-11-02T06:05Z',
  },
  {
    rule: 'a 00:00–24:00 calendar across the fall-back hour counts real minutes too',
    cal: 'midnightToMidnight',
    start: '2025-11-02T01:50-04:00',
    minutes: 15,
    due: '2025-11-02T06:05Z',
  },
  {
    rule: 'a 00:00–24:00 calendar is not closed a minute at midnight',
    cal: 'midnightToMidnight',
    start: '2025-03-03T23:50',
    minutes: 20,
    due: '2025-03-04T05:10Z',
  },
  {
    rule: 'the lunch break does not count',
    cal: 'berlinLunch',
    start: '2025-03-03T11:00',
    minutes: 120,
    due: '2025-03-03T13:00Z',
  },
  {
    rule: 'a target reached exactly at the start of lunch is due at the start of lunch',
    cal: 'berlinLunch',
    start: '2025-03-03T11:00',
    minutes: 60,
    due: '2025-03-03T11:00Z',
  },
  {
    rule: 'a seven-day week counts Saturday and Sunday',
    cal: 'sevenDays',
    start: '2025-03-08T17:00',
    minutes: 240,
    due: '2025-03-09T09:00Z',
  },
  {
    rule: 'a 40-business-hour target across Christmas skips the bank holidays and the weekend (UK)',
    cal: 'uk',
    start: '2025-12-22T08:30',
    minutes: 2400,
    due: '2025-12-30T16:30Z',
  },
  {
    rule: 'a 40-business-hour target across Christmas skips Christmas Day (US Eastern)',
    cal: 'usEastern',
    start: '2025-12-22T09:00',
    minutes: 2400,
    due: '2025-12-29T22:00Z',
  },
  {
    rule: 'an interval written 21:00–02:00 runs past midnight into the next day',
    cal: 'nightShift',
    start: '2025-03-07T23:00',
    minutes: 120,
    due: '2025-03-08T01:00Z',
  },
  {
    rule: 'a wall time skipped by spring-forward opens when the gap ends',
    cal: 'earlySunday',
    start: '2025-03-09T00:00',
    minutes: 30,
    due: '2025-03-09T07:30Z',
  },
  {
    rule: 'a half-day bank holiday closes from its start (Heiliger Abend from 14:00)',
    cal: 'berlinHalfDays',
    start: '2025-12-24T13:00',
    minutes: 120,
    due: '2025-12-29T09:00Z',
  },
  {
    rule: 'an extra open date opens a Saturday, a closed date closes a Wednesday',
    cal: 'saturdayOpening',
    start: '2025-03-04T16:00',
    minutes: 1080,
    due: '2025-03-08T11:00Z',
  },
  {
    rule: 'zero business time from a closed instant is the next opening',
    cal: 'usEastern',
    start: '2025-03-08T12:00',
    minutes: 0,
    due: '2025-03-10T13:00Z',
  },
  {
    rule: 'zero business time from a closing instant is that closing instant',
    cal: 'usEastern',
    start: '2025-03-03T17:00',
    minutes: 0,
    due: '2025-03-03T22:00Z',
  },
];

describe('addBusinessTime', () => {
  it.each(DUE_CASES)('$rule', ({ cal, start, minutes, due }) => {
    const dueAt = addBusinessTime(calendar(cal), local(cal, start), { minutes });
    expect(dueAt.toISO()).toBe(DateTime.fromMillis(utc(due), { zone: 'utc' }).toISO());
    expect(dueAt.zoneName).toBe('UTC');
  });

  it.each(DUE_CASES)('measuring back gives the target: $rule', ({ cal, start, minutes }) => {
    const c = calendar(cal);
    const from = local(cal, start);
    expect(businessTimeBetween(c, from, addBusinessTime(c, from, { minutes })).toMillis()).toBe(minutes * 60_000);
  });

  it('a 400-business-hour target is reached after 50 business days', () => {
    const c = calendar('uk');
    const start = local('uk', '2025-01-06T08:30');
    const due = addBusinessTime(c, start, { minutes: 400 * 60 });
    expect(businessTimeBetween(c, start, due).as('hours')).toBe(400);
    // Ten full weeks of eight-hour days, no bank holiday between: closing time on Friday 14 March.
    expect(due.toISO()).toBe('2025-03-14T16:30:00.000Z');
  });

  it('keeps millisecond precision', () => {
    const c = calendar('usEastern');
    const due = addBusinessTime(c, local('usEastern', '2025-03-03T16:59:59.999'), { minutes: 1 });
    expect(due.toISO()).toBe('2025-03-04T14:00:59.999Z');
  });
});

describe('businessTimeBetween', () => {
  it('a DST night is 25 hours long in a 00:00–24:00 calendar (fall-back)', () => {
    const c = calendar('midnightToMidnight');
    expect(
      businessTimeBetween(
        c,
        local('midnightToMidnight', '2025-11-02T00:00'),
        local('midnightToMidnight', '2025-11-03T00:00'),
      ).as('hours'),
    ).toBe(25);
  });

  it('a DST night is 23 hours long in an always-open calendar (spring-forward)', () => {
    const c = calendar('alwaysOpen');
    expect(
      businessTimeBetween(c, local('alwaysOpen', '2025-03-09T00:00'), local('alwaysOpen', '2025-03-10T00:00')).as(
        'hours',
      ),
    ).toBe(23);
  });

  it('counts a week of US Eastern hours as 40 hours, and 32 in Thanksgiving week', () => {
    const c = calendar('usEastern');
    expect(
      businessTimeBetween(c, local('usEastern', '2025-03-02T00:00'), local('usEastern', '2025-03-09T00:00')).as(
        'hours',
      ),
    ).toBe(40);
    expect(
      businessTimeBetween(c, local('usEastern', '2025-11-23T00:00'), local('usEastern', '2025-11-30T00:00')).as(
        'hours',
      ),
    ).toBe(32);
  });

  it('is negative when the end comes first', () => {
    const c = calendar('usEastern');
    expect(
      businessTimeBetween(c, local('usEastern', '2025-03-03T12:00'), local('usEastern', '2025-03-03T10:00')).as(
        'hours',
      ),
    ).toBe(-2);
  });

  it('spans a year in a handful of chunks and equals the sum of its open stretches', () => {
    const c = calendar('uk');
    const a = local('uk', '2025-01-01T00:00');
    const b = local('uk', '2026-01-01T00:00');
    // 2025: 261 weekdays, 8 bank holidays on weekdays.
    expect(businessTimeBetween(c, a, b).as('hours')).toBe((261 - 8) * 8);
    const open = stretchesBetween(c, a.toMillis(), b.toMillis()).filter((s) => s.kind === 'open');
    expect(open.reduce((sum, s) => sum + s.toMs - s.fromMs, 0)).toBe((261 - 8) * 8 * 3_600_000);
  });
});

describe('isOpen and nextOpening', () => {
  const c = calendar('usEastern');
  it('an opening instant is open and a closing instant is closed', () => {
    expect(isOpen(c, local('usEastern', '2025-03-03T09:00'))).toBe(true);
    expect(isOpen(c, local('usEastern', '2025-03-03T08:59:59.999'))).toBe(false);
    expect(isOpen(c, local('usEastern', '2025-03-03T16:59:59.999'))).toBe(true);
    expect(isOpen(c, local('usEastern', '2025-03-03T17:00'))).toBe(false);
  });

  it('nextOpening is the instant itself when open', () => {
    const t = local('usEastern', '2025-03-03T10:15');
    expect(nextOpening(c, t)?.toMillis()).toBe(t.toMillis());
  });

  it('nextOpening skips the weekend and a holiday', () => {
    expect(nextOpening(c, local('usEastern', '2025-11-26T17:00'))?.toISO()).toBe('2025-11-28T14:00:00.000Z');
    expect(nextOpening(c, local('usEastern', '2025-03-08T10:00'))?.toISO()).toBe('2025-03-10T13:00:00.000Z');
  });

  it('a 00:00–24:00 calendar is open at midnight', () => {
    expect(isOpen(calendar('midnightToMidnight'), local('midnightToMidnight', '2025-03-04T00:00'))).toBe(true);
  });

  it('a calendar with only extra open dates has no opening after the last one', () => {
    const once = compileCalendar({
      timeZone: 'Europe/Rome',
      extraOpenDates: [{ date: '2025-06-02', intervals: [{ from: '10:00', to: '11:00' }] }],
    });
    expect(nextOpening(once, DateTime.fromISO('2025-01-01T00:00Z'))?.toISO()).toBe('2025-06-02T08:00:00.000Z');
    expect(nextOpening(once, DateTime.fromISO('2025-06-03T00:00Z'))).toBeNull();
    expect(() => addBusinessTime(once, DateTime.fromISO('2025-06-02T08:30Z'), { minutes: 60 })).toThrow('no open time');
  });
});

describe('long searches', () => {
  it('finds the next opening a year away in a calendar closed on every weekday of 2026', () => {
    const closedDates: string[] = [];
    for (let d = DateTime.fromISO('2026-01-01', { zone: 'utc' }); d.year === 2026; d = d.plus({ days: 1 }))
      closedDates.push(d.toISODate() as string);
    const c = compileCalendar({
      timeZone: 'Europe/Rome',
      weekly: MON_FRI('09:00', '13:00'),
      holidayRegion: 'IT',
      closedDates,
    });
    // 1 January is a holiday too, 2 January 2027 a Saturday: Monday 4 January is the first opening.
    expect(nextOpening(c, DateTime.fromISO('2026-01-01T00:00Z'))?.toISO()).toBe('2027-01-04T08:00:00.000Z');
    expect(addBusinessTime(c, DateTime.fromISO('2025-12-31T11:00Z'), { minutes: 120 }).toISO()).toBe(
      '2027-01-04T09:00:00.000Z',
    );
  });
});

describe('stretchesBetween explains closed time', () => {
  it('names the weekend outside hours and Christmas a holiday', () => {
    const c = calendar('uk');
    const kinds = stretchesBetween(c, utc('2025-12-24T12:00Z'), utc('2025-12-29T12:00Z')).map(
      (s) => `${s.kind} ${new Date(s.fromMs).toISOString().slice(5, 16)}`,
    );
    expect(kinds).toEqual([
      'open 12-24T12:00',
      'outsideHours 12-24T16:30',
      'holiday 12-25T00:00',
      'outsideHours 12-27T00:00',
      'open 12-29T08:30',
    ]);
  });
});
