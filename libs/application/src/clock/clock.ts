import { DateTime } from 'luxon';

/** The only source of "now" for the application; the domain receives instants from it. */
export interface Clock {
  now(): DateTime;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.utc();
  }
}

/** A clock tests move by hand, so deadlines are reached without sleeping. */
export class ManualClock implements Clock {
  private current: DateTime;

  constructor(start: DateTime | string) {
    this.current = (typeof start === 'string' ? DateTime.fromISO(start, { zone: 'utc' }) : start).toUTC();
    if (!this.current.isValid) throw new Error(`ManualClock: invalid start ${String(start)}`);
  }

  now(): DateTime {
    return this.current;
  }

  set(to: DateTime | string): void {
    this.current = (typeof to === 'string' ? DateTime.fromISO(to, { zone: 'utc' }) : to).toUTC();
  }

  advance(by: { milliseconds?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): DateTime {
    this.current = this.current.plus(by);
    return this.current;
  }
}
