/**
 * The JSON shape of a business calendar, as stored in contracts and in the events that
 * record which calendar governed a clock. Times are local wall times of `timeZone`.
 */
export interface OpenInterval {
  /** `HH:MM`, 00:00–23:59. */
  from: string;
  /**
   * `HH:MM`, later than `from`; `24:00` closes at the following midnight. validateCalendar also takes
   * an earlier time in weekly hours (crossing midnight) and answers it split at midnight.
   */
  to: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Monday first, matching ISO-8601 weekday numbers minus one. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type WeeklyHours = { [day in Weekday]?: OpenInterval[] };

/** A date that opens with exactly these intervals, whatever the weekly hours, holidays or weekends say. */
export interface ExtraOpenDate {
  /** `YYYY-MM-DD`, local date. */
  date: string;
  intervals: OpenInterval[];
}

export interface CalendarDefinition {
  /** IANA zone, e.g. `America/New_York`, `Europe/London`, `Etc/GMT-3` (= UTC+3, the sign is inverted). */
  timeZone: string;
  weekly?: WeeklyHours;
  /** `YYYY-MM-DD` local dates closed all day, on top of the holiday region. */
  closedDates?: string[];
  /** A date-holidays region: `US`, `GB-ENG`, `GB-SCT`, `DE`, `IT`, `ID`, `CN`, `RU`, … Public and bank holidays only. */
  holidayRegion?: string;
  extraOpenDates?: ExtraOpenDate[];
  /** Open every instant of every day; business time is elapsed real time. Excludes every other rule. */
  alwaysOpen?: boolean;
  /** Positive integer; recorded with each clock so a later change of the calendar never rewrites history. */
  version?: number;
}

export interface CalendarProblem {
  /** Path of the offending field, e.g. `weekly.mon[1].to`. */
  field: string;
  message: string;
}

export class CalendarInvalid extends Error {
  constructor(readonly problems: readonly CalendarProblem[]) {
    super(`invalid calendar: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'CalendarInvalid';
  }
}

/** An elapsed-time calendar: used for targets counted in real minutes. */
export const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', alwaysOpen: true, version: 1 };
