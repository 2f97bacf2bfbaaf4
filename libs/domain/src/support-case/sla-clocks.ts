import {
  ALWAYS_OPEN,
  CalendarDefinition,
  ClockSpec,
  ClockStatus,
  ClockTransition,
  compileCalendar,
  DEFAULT_WARN_AT_SHARE,
  dueInstant,
  evaluateClock,
  PlanId,
  SlaMetric,
  SlaTarget,
} from '@caseledger/sla';
import { DateTime } from 'luxon';
import { fromIsoInstant, IsoInstant, toIsoInstant } from '../shared/instant';
import { ClockOutcome, ClockTarget, SlaClockStartedData } from './support-case.events';

/**
 * The SLA clocks of one case, as folded from its SlaClock* events. Everything a deadline depends on
 * (target, calendar, transitions) is in the clock itself, so evaluating it needs nothing else.
 */
export interface SlaClock {
  clockId: string;
  metric: SlaMetric;
  target: ClockTarget;
  planId: PlanId;
  calendarVersion: number | null;
  calendar: CalendarDefinition;
  startedAt: IsoInstant;
  phase: 'running' | 'paused' | 'stopped';
  /** The due instant last recorded (by the start or the latest resume); kept while paused. */
  dueAt: IsoInstant;
  warningAt: IsoInstant;
  transitions: { kind: ClockTransition['kind']; at: IsoInstant }[];
  outcome: ClockOutcome | null;
  stoppedAt: IsoInstant | null;
}

/** An interval during which the case awaited the customer; `to` is null while it still does. */
export interface CustomerWait {
  from: IsoInstant;
  to: IsoInstant | null;
}

export function isLive(clock: SlaClock): boolean {
  return clock.phase !== 'stopped';
}

export function nextClockId(clocks: readonly SlaClock[], metric: SlaMetric): string {
  return `${metric}-${clocks.filter((c) => c.metric === metric).length + 1}`;
}

function slaTarget(clock: Pick<SlaClock, 'metric' | 'target'>): SlaTarget {
  return {
    metric: clock.metric,
    minutes: clock.target.minutes,
    unit: clock.target.unit,
    warnAtShare: clock.target.warnAtShare,
  };
}

/** What libs/sla needs to evaluate or explain the clock: its target, calendar and transitions. */
export function specOf(clock: SlaClock, extra?: { kind: ClockTransition['kind']; at: IsoInstant }): ClockSpec {
  const transitions = extra === undefined ? clock.transitions : [...clock.transitions, extra];
  return {
    target: slaTarget(clock),
    calendar: compileCalendar(clock.calendar),
    transitions: transitions.map((t) => ({ kind: t.kind, at: fromIsoInstant(t.at) })),
  };
}

/**
 * The start of a clock, with its deadline computed now so the event records it. Elapsed targets count
 * real time, so they record the always-open calendar rather than the contract's.
 */
export function clockStart(input: {
  caseId: string;
  clockId: string;
  target: SlaTarget;
  planId: PlanId;
  calendar: CalendarDefinition & { version: number };
  startedAt: IsoInstant;
}): SlaClockStartedData {
  const elapsed = input.target.unit === 'elapsed';
  const calendar = elapsed ? ALWAYS_OPEN : input.calendar;
  const target: ClockTarget = {
    minutes: input.target.minutes,
    unit: input.target.unit,
    warnAtShare: input.target.warnAtShare ?? DEFAULT_WARN_AT_SHARE,
  };
  const { dueAt, warningAt } = dueInstant(
    compileCalendar(calendar),
    { ...input.target, warnAtShare: target.warnAtShare },
    fromIsoInstant(input.startedAt),
  );
  return {
    caseId: input.caseId,
    clockId: input.clockId,
    metric: input.target.metric,
    target,
    planId: input.planId,
    calendarVersion: elapsed ? null : input.calendar.version,
    calendar,
    startedAt: input.startedAt,
    dueAt: toIsoInstant(dueAt),
    warningAt: toIsoInstant(warningAt),
  };
}

/** The pauses a clock started at `startedAt` goes through, given the case's customer waits. */
export function pausesSince(
  startedAt: IsoInstant,
  waits: readonly CustomerWait[],
): { pauseAt: IsoInstant; resumeAt: IsoInstant | null }[] {
  const startMs = Date.parse(startedAt);
  return waits
    .filter((w) => w.to === null || Date.parse(w.to) > startMs)
    .map((w) => ({ pauseAt: Date.parse(w.from) < startMs ? startedAt : w.from, resumeAt: w.to }));
}

export function usedMsAt(clock: SlaClock, at: IsoInstant): number {
  return evaluateClock(specOf(clock, { kind: 'pause', at }), fromIsoInstant(at), { explain: false }).usedMs;
}

export function deadlineOnResume(clock: SlaClock, at: IsoInstant): { dueAt: IsoInstant; warningAt: IsoInstant } {
  const state = evaluateClock(specOf(clock, { kind: 'resume', at }), fromIsoInstant(at), { explain: false });
  return {
    dueAt: toIsoInstant(state.dueAt as DateTime),
    warningAt: toIsoInstant((state.warningAt ?? state.dueAt) as DateTime),
  };
}

/** Met when stopped at or before its due instant, breached otherwise (and a breach stays a breach). */
export function outcomeOfStopAt(clock: SlaClock, at: IsoInstant): 'met' | 'breached' {
  return evaluateClock(specOf(clock, { kind: 'stop', at }), fromIsoInstant(at), { explain: false }).status ===
    'breached'
    ? 'breached'
    : 'met';
}

/**
 * The warning and breach instants the clock reaches from its transitions so far if nothing else
 * happens to it. A running clock's come from its last start or resume (a warning or breach already
 * reached before a pause keeps its instant); a paused or stopped clock's are only those it reached
 * before that last transition, else null.
 */
export function alertInstants(clock: SlaClock): { warningAt: IsoInstant | null; breachAt: IsoInstant | null } {
  if (clock.phase === 'running') return { warningAt: clock.warningAt, breachAt: clock.dueAt };
  const last = clock.transitions[clock.transitions.length - 1].at;
  const state = evaluateClock(specOf(clock), fromIsoInstant(last), { explain: false });
  const reachedWarning = state.warningAt !== null && state.warningAt.toMillis() <= Date.parse(last);
  return {
    warningAt: reachedWarning ? toIsoInstant(state.warningAt as DateTime) : null,
    breachAt: state.breachedAt === undefined ? null : toIsoInstant(state.breachedAt),
  };
}

/**
 * Whether an SLA alert of `kind` at `at` is a fact by `detectedAt`: a warning is reached at its
 * instant, a breach only once real time is past the due instant (a clock stopped exactly then meets it).
 */
export function alertReached(clock: SlaClock, kind: SlaAlertKind, at: IsoInstant, detectedAt: IsoInstant): boolean {
  const instants = alertInstants(clock);
  const instant = kind === 'warning' ? instants.warningAt : instants.breachAt;
  if (instant === null || Date.parse(instant) !== Date.parse(at)) return false;
  return kind === 'warning' ? Date.parse(at) <= Date.parse(detectedAt) : Date.parse(at) < Date.parse(detectedAt);
}

export type SlaAlertKind = 'warning' | 'breach';

/** `stopped`: ended by a reclassification or the resolution before it was due, so neither met nor breached. */
export type ClockViewStatus = Exclude<ClockStatus, 'notStarted'> | 'stopped';

export interface ClockView {
  clockId: string;
  metric: SlaMetric;
  target: ClockTarget;
  planId: PlanId;
  calendarVersion: number | null;
  status: ClockViewStatus;
  /** How the clock ended, when it has. */
  outcome: ClockOutcome | null;
  startedAt: IsoInstant;
  stoppedAt: IsoInstant | null;
  /** Null while paused: no deadline runs. */
  dueAt: IsoInstant | null;
  warningAt: IsoInstant | null;
  usedMs: number;
  /** Negative when overdue. */
  timeLeftMs: number;
}

export function viewOfClock(clock: SlaClock, now: DateTime): ClockView {
  const state = evaluateClock(specOf(clock), now, { explain: false });
  let status: ClockViewStatus;
  switch (clock.outcome) {
    case null:
      status = state.status === 'notStarted' ? 'running' : state.status;
      break;
    case 'met':
    case 'breached':
      status = clock.outcome;
      break;
    case 'reclassified':
    case 'resolved':
      status = state.status === 'breached' ? 'breached' : 'stopped';
      break;
    default: {
      const _exhaustive: never = clock.outcome;
      throw new Error(`unknown clock outcome ${String(_exhaustive)}`);
    }
  }
  return {
    clockId: clock.clockId,
    metric: clock.metric,
    target: clock.target,
    planId: clock.planId,
    calendarVersion: clock.calendarVersion,
    status,
    outcome: clock.outcome,
    startedAt: clock.startedAt,
    stoppedAt: clock.stoppedAt,
    dueAt: state.dueAt === null ? null : toIsoInstant(state.dueAt),
    warningAt: state.warningAt === null ? null : toIsoInstant(state.warningAt),
    usedMs: state.usedMs,
    timeLeftMs: state.leftMs,
  };
}

// ── folding: the clock state from the events' fields only ──────────────────

export function startedClock(data: SlaClockStartedData): SlaClock {
  return {
    clockId: data.clockId,
    metric: data.metric,
    target: data.target,
    planId: data.planId,
    calendarVersion: data.calendarVersion,
    calendar: data.calendar,
    startedAt: data.startedAt,
    phase: 'running',
    dueAt: data.dueAt,
    warningAt: data.warningAt,
    transitions: [{ kind: 'start', at: data.startedAt }],
    outcome: null,
    stoppedAt: null,
  };
}

export function pausedClock(clock: SlaClock, at: IsoInstant): SlaClock {
  return { ...clock, phase: 'paused', transitions: [...clock.transitions, { kind: 'pause', at }] };
}

export function resumedClock(
  clock: SlaClock,
  data: { at: IsoInstant; dueAt: IsoInstant; warningAt: IsoInstant },
): SlaClock {
  return {
    ...clock,
    phase: 'running',
    dueAt: data.dueAt,
    warningAt: data.warningAt,
    transitions: [...clock.transitions, { kind: 'resume', at: data.at }],
  };
}

export function stoppedClock(clock: SlaClock, data: { at: IsoInstant; outcome: ClockOutcome }): SlaClock {
  return {
    ...clock,
    phase: 'stopped',
    outcome: data.outcome,
    stoppedAt: data.at,
    transitions: [...clock.transitions, { kind: 'stop', at: data.at }],
  };
}
