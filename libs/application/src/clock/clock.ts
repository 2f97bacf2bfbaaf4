import { DateTime } from 'luxon';

/** The only source of "now" for the application; the domain receives instants from it. */
export interface Clock {
  now(): DateTime;
  /**
   * The same instant as `now()`, in Unix milliseconds: for callers that only compare or count time
   * (ids, rate limits, key caches), which would otherwise build a DateTime per request to read it.
   */
  nowMillis(): number;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.utc();
  }

  nowMillis(): number {
    return Date.now();
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

  /** Read through `now()`, so a test clock that overrides `now()` (to tick on reading) is obeyed here too. */
  nowMillis(): number {
    return this.now().toMillis();
  }

  set(to: DateTime | string): void {
    this.current = (typeof to === 'string' ? DateTime.fromISO(to, { zone: 'utc' }) : to).toUTC();
  }

  advance(by: { milliseconds?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): DateTime {
    this.current = this.current.plus(by);
    return this.current;
  }
}
