import { DateTime } from 'luxon';
import { BusinessCalendar } from '../calendar/business-calendar';
import { addBusinessMillis, businessMillisBetween, millisOf, stretchesBetween, toUtcDateTime } from '../business-time';
import { SlaTarget, countingCalendar, targetMillis, warningMillis } from '../targets/sla-target';

/**
 * What happened to a clock. Reclassification (priority or criticality changed) is not a transition of
 * its own: the old clock gets a `stop` at the reclassification instant and a new clock, with the new
 * target, gets a `start` at `reclassifyStart(...)`. Each clock thus keeps the target that governed it.
 */
export interface ClockTransition {
  kind: 'start' | 'pause' | 'resume' | 'stop';
  at: DateTime;
}

export type ClockStatus = 'notStarted' | 'running' | 'paused' | 'met' | 'breached';

export interface ClockSegment {
  kind: 'running' | 'paused' | 'outsideHours' | 'holiday';
  from: DateTime;
  to: DateTime;
  /** Business millis this segment added to the clock; the segments add up to `usedMs`. */
  businessMs: number;
}

export interface ClockState {
  status: ClockStatus;
  usedMs: number;
  /** Negative when overdue. */
  leftMs: number;
  /** Null while paused (no deadline runs) and before the start. */
  dueAt: DateTime | null;
  warningAt: DateTime | null;
  breachedAt?: DateTime;
  segments: ClockSegment[];
}

export interface ClockSpec {
  target: SlaTarget;
  calendar: BusinessCalendar;
  transitions: readonly ClockTransition[];
}

export class ClockTransitionsInvalid extends Error {
  constructor(readonly problems: readonly { field: string; message: string }[]) {
    super(`invalid clock transitions: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'ClockTransitionsInvalid';
  }
}

/** Where a clock restarts after reclassification: from the reclassification, or retroactively from receipt. */
export function reclassifyStart(receivedAt: DateTime, reclassifiedAt: DateTime, retroactive: boolean): DateTime {
  return (retroactive ? receivedAt : reclassifiedAt).toUTC();
}

const NEXT: Record<
  'notStarted' | 'running' | 'paused' | 'stopped',
  Partial<Record<ClockTransition['kind'], 'running' | 'paused' | 'stopped'>>
> = {
  notStarted: { start: 'running' },
  running: { pause: 'paused', stop: 'stopped' },
  paused: { resume: 'running', stop: 'stopped' },
  stopped: {},
};

/**
 * The state of a clock at `at`, from its transitions alone (transitions after `at` are not yet known).
 * A running clock is breached once real time passes its due instant; a stop at or before the due
 * instant meets the target. A breach stays a breach whatever follows.
 */
export function evaluateClock(spec: ClockSpec, at: DateTime, options: { explain?: boolean } = {}): ClockState {
  // The segments explain a deadline to a customer disputing it; a plain status read can skip them.
  const explain = options.explain ?? true;
  const atMs = millisOf(at);
  const calendar = countingCalendar(spec.calendar, spec.target);
  const targetMs = targetMillis(spec.target);
  const warnMs = warningMillis(spec.target);

  const problems: { field: string; message: string }[] = [];
  let phase: keyof typeof NEXT = 'notStarted';
  let since = 0;
  let lastMs = -Infinity;
  const periods: { running: boolean; from: number; to: number }[] = [];
  spec.transitions.forEach((t, i) => {
    const ms = millisOf(t.at);
    if (ms < lastMs) problems.push({ field: `transitions[${i}].at`, message: 'transitions must be in time order' });
    lastMs = ms;
    if (ms > atMs) return;
    const next = NEXT[phase][t.kind];
    if (next === undefined) {
      problems.push({ field: `transitions[${i}].kind`, message: `cannot ${t.kind} a clock that is ${phase}` });
      return;
    }
    if (phase === 'running' || phase === 'paused') periods.push({ running: phase === 'running', from: since, to: ms });
    phase = next;
    since = ms;
  });
  if (problems.length > 0) throw new ClockTransitionsInvalid(problems);
  if (phase === 'notStarted')
    return { status: 'notStarted', usedMs: 0, leftMs: targetMs, dueAt: null, warningAt: null, segments: [] };
  if (phase === 'running' || phase === 'paused') periods.push({ running: phase === 'running', from: since, to: atMs });

  let used = 0;
  let dueMs: number | null = null;
  let warningMs: number | null = null;
  let warningReached = false;
  let breachedMs: number | null = null;
  const segments: ClockSegment[] = [];
  for (const p of periods) {
    if (!p.running) {
      dueMs = null;
      if (!warningReached) warningMs = null;
      if (explain && p.to > p.from)
        segments.push({ kind: 'paused', from: toUtcDateTime(p.from), to: toUtcDateTime(p.to), businessMs: 0 });
      continue;
    }
    if (breachedMs === null) {
      dueMs = addBusinessMillis(calendar, p.from, targetMs - used);
      if (dueMs < p.to) breachedMs = dueMs;
    }
    if (!warningReached) {
      warningMs = used < warnMs ? addBusinessMillis(calendar, p.from, warnMs - used) : p.from;
      // A warning due at the very end of a period (a pause exactly then) has been reached.
      warningReached = warningMs <= p.to;
    }
    used += businessMillisBetween(calendar, p.from, p.to);
    if (!explain) continue;
    for (const s of stretchesBetween(calendar, p.from, p.to)) {
      segments.push({
        kind: s.kind === 'open' ? 'running' : s.kind,
        from: toUtcDateTime(s.fromMs),
        to: toUtcDateTime(s.toMs),
        businessMs: s.kind === 'open' ? s.toMs - s.fromMs : 0,
      });
    }
  }

  let status: ClockStatus;
  if (breachedMs !== null) status = 'breached';
  else if (phase === 'stopped') status = 'met';
  else status = phase;
  const state: ClockState = {
    status,
    usedMs: used,
    leftMs: targetMs - used,
    dueAt: breachedMs !== null ? toUtcDateTime(breachedMs) : dueMs === null ? null : toUtcDateTime(dueMs),
    warningAt: warningMs === null ? null : toUtcDateTime(warningMs),
    segments,
  };
  if (breachedMs !== null) state.breachedAt = toUtcDateTime(breachedMs);
  return state;
}
