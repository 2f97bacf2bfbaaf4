import { DateTime } from 'luxon';
import { ALWAYS_OPEN } from '../calendar/calendar-definition';
import { BusinessCalendar, compileCalendar } from '../calendar/business-calendar';
import { addBusinessMillis, millisOf, toUtcDateTime } from '../business-time';

/** `business`: minutes counted inside the calendar's open intervals; `elapsed`: real minutes, calendar ignored. */
export type TargetUnit = 'business' | 'elapsed';

export type SlaMetric = 'firstResponse' | 'nextUpdate' | 'workaround' | 'resolution' | 'callback';

export const SLA_METRICS: readonly SlaMetric[] = [
  'firstResponse',
  'nextUpdate',
  'workaround',
  'resolution',
  'callback',
];

export interface SlaTarget {
  metric: SlaMetric;
  minutes: number;
  unit: TargetUnit;
  /** Share of the target at which a warning is due; default 0.75. */
  warnAtShare?: number;
}

export const DEFAULT_WARN_AT_SHARE = 0.75;

/** Real time, for elapsed targets: the calendar of a case does not apply to them. */
export const ELAPSED_TIME: BusinessCalendar = compileCalendar(ALWAYS_OPEN);

export function targetMillis(target: SlaTarget): number {
  return Math.round(target.minutes * 60_000);
}

/** The warning threshold, rounded to the millisecond so due and warning instants stay exact. */
export function warningMillis(target: SlaTarget): number {
  return Math.round(targetMillis(target) * (target.warnAtShare ?? DEFAULT_WARN_AT_SHARE));
}

/** The calendar a target actually counts in. */
export function countingCalendar(calendar: BusinessCalendar, target: SlaTarget): BusinessCalendar {
  return target.unit === 'elapsed' ? ELAPSED_TIME : calendar;
}

export function dueInstant(
  cal: BusinessCalendar,
  target: SlaTarget,
  start: DateTime,
): { dueAt: DateTime; warningAt: DateTime } {
  const counting = countingCalendar(cal, target);
  const startMs = millisOf(start);
  return {
    dueAt: toUtcDateTime(addBusinessMillis(counting, startMs, targetMillis(target))),
    warningAt: toUtcDateTime(addBusinessMillis(counting, startMs, warningMillis(target))),
  };
}

export interface TargetProblem {
  field: string;
  message: string;
}

/** Problems of one target, each with its field path under `path`. */
export function targetProblems(target: unknown, path: string): TargetProblem[] {
  const problems: TargetProblem[] = [];
  if (typeof target !== 'object' || target === null)
    return [{ field: path, message: 'must be an object { metric, minutes, unit }' }];
  const t = target as Record<string, unknown>;
  if (!SLA_METRICS.includes(t.metric as SlaMetric))
    problems.push({ field: `${path}.metric`, message: `must be one of ${SLA_METRICS.join(', ')}` });
  if (typeof t.minutes !== 'number' || !Number.isFinite(t.minutes) || t.minutes <= 0)
    problems.push({ field: `${path}.minutes`, message: 'must be a positive number of minutes' });
  if (t.unit !== 'business' && t.unit !== 'elapsed')
    problems.push({ field: `${path}.unit`, message: 'must be business or elapsed' });
  if (t.warnAtShare !== undefined && !(typeof t.warnAtShare === 'number' && t.warnAtShare > 0 && t.warnAtShare < 1)) {
    problems.push({ field: `${path}.warnAtShare`, message: 'must be a number between 0 and 1 (exclusive)' });
  }
  return problems;
}
