/**
 * The SLA timeline of a case: for each clock, every stretch of time from its start with what the
 * clock did and why (the event that changed it, or the calendar rule), its totals and its outcome.
 * The evidence pack for an SLA dispute, built from the case's events alone.
 */
import { clockTimeline, compileCalendar, SlaMetric, TimelineSegmentKind } from '@caseledger/sla';
import type { DateTime } from 'luxon';
import { IsoInstant, toIsoInstant } from '../shared/instant';
import { describeCaseEvent } from './case-event-description';
import { SlaClock, specOf, viewOfClock } from './sla-clocks';
import type { ClockOutcome, ClockTarget, SupportCaseEvent } from './support-case.events';

/** An event of the stream as the caller identifies it (type, revision, position), with its line of English. */
export interface TimelineEvent<Ref> {
  ref: Ref;
  description: string;
}

export type TimelineCauseView<Ref> =
  | {
      kind: 'event';
      /** The clock event that began the segment (SlaClockStarted, Paused, Resumed, Stopped). */
      event: TimelineEvent<Ref>;
      /** The case event it followed in the same command, e.g. the InformationRequested behind a pause. */
      trigger: TimelineEvent<Ref> | null;
    }
  | { kind: 'calendar'; rule: string };

export interface TimelineSegmentView<Ref> {
  kind: TimelineSegmentKind;
  from: IsoInstant;
  to: IsoInstant;
  /** Business time the segment added to the clock: its length when running, else 0. */
  businessMs: number;
  elapsedMs: number;
  cause: TimelineCauseView<Ref>;
}

/**
 * `superseded`: stopped by a reclassification before it was due (a new clock took over);
 * `endedByResolution`: stopped by the mutual resolution before it was due, with no verdict of its own.
 */
export type ClockTimelineOutcome = 'running' | 'paused' | 'met' | 'breached' | 'superseded' | 'endedByResolution';

export interface ClockTimelineTotals {
  /** Business time used: the sum of the running segments. */
  businessMs: number;
  /** Real time from the start to the stop (or to the instant read, while the clock lives). */
  elapsedMs: number;
  pausedMs: number;
  outsideHoursMs: number;
  holidayMs: number;
  /** Negative when overdue. */
  leftMs: number;
}

export interface SlaAlertView<Ref> {
  kind: 'warning' | 'breach';
  at: IsoInstant;
  detectedAt: IsoInstant;
  event: TimelineEvent<Ref>;
}

export interface ClockTimelineView<Ref> {
  clockId: string;
  metric: SlaMetric;
  target: ClockTarget;
  planId: string;
  calendarVersion: number | null;
  /** The calendar the clock counts in, in one line. */
  calendar: string;
  startedAt: IsoInstant;
  stoppedAt: IsoInstant | null;
  /** Null while paused: no deadline runs. */
  dueAt: IsoInstant | null;
  warningAt: IsoInstant | null;
  /** When the clock ran past its due instant, if it did. */
  breachedAt: IsoInstant | null;
  outcome: ClockTimelineOutcome;
  /** The outcome its stop event recorded. */
  recordedOutcome: ClockOutcome | null;
  totals: ClockTimelineTotals;
  /** Tile `[startedAt, asOf)` in order, without gap or overlap. */
  segments: TimelineSegmentView<Ref>[];
  /** Warnings and breaches the deadline watcher recorded for it. */
  alerts: SlaAlertView<Ref>[];
}

/**
 * Fed the case's events in stream order, each with the caller's reference to it; remembers which
 * event changed each clock and what it followed, so the timelines can cite them.
 */
export class SlaTimelineRecorder<Ref> {
  private lastCaseEvent: TimelineEvent<Ref> | null = null;
  private readonly changes = new Map<string, { event: TimelineEvent<Ref>; trigger: TimelineEvent<Ref> | null }[]>();
  private readonly alerts = new Map<string, SlaAlertView<Ref>[]>();

  observe(event: SupportCaseEvent, ref: Ref): void {
    const cited = { ref, description: describeCaseEvent(event) };
    switch (event.type) {
      case 'SlaClockStarted':
      case 'SlaClockPaused':
      case 'SlaClockResumed':
      case 'SlaClockStopped': {
        const list = this.changes.get(event.data.clockId) ?? [];
        list.push({ event: cited, trigger: this.lastCaseEvent });
        this.changes.set(event.data.clockId, list);
        break;
      }
      case 'SlaWarningReached':
      case 'SlaBreached': {
        const list = this.alerts.get(event.data.clockId) ?? [];
        const kind = event.type === 'SlaBreached' ? 'breach' : 'warning';
        list.push({ kind, at: event.data.at, detectedAt: event.data.detectedAt, event: cited });
        this.alerts.set(event.data.clockId, list);
        break;
      }
      default:
        this.lastCaseEvent = cited;
    }
  }

  /** The timeline of each clock as it stood at `at` (the clocks folded from the same events). */
  timelines(clocks: readonly SlaClock[], at: DateTime): ClockTimelineView<Ref>[] {
    return clocks.map((clock) => this.timelineOf(clock, at));
  }

  private timelineOf(clock: SlaClock, at: DateTime): ClockTimelineView<Ref> {
    const spec = specOf(clock);
    const { state, segments, endsAt } = clockTimeline(spec, at);
    const view = viewOfClock(clock, at);
    // Each clock event adds exactly one transition, so the n-th transition is the n-th recorded change.
    const changes = this.changes.get(clock.clockId) ?? [];
    const totals = {
      businessMs: 0,
      elapsedMs: 0,
      pausedMs: 0,
      outsideHoursMs: 0,
      holidayMs: 0,
      leftMs: view.timeLeftMs,
    };
    const views = segments.map((s): TimelineSegmentView<Ref> => {
      const elapsedMs = s.to.toMillis() - s.from.toMillis();
      if (s.kind === 'running') totals.businessMs += s.businessMs;
      else if (s.kind === 'paused') totals.pausedMs += elapsedMs;
      else if (s.kind === 'outsideHours') totals.outsideHoursMs += elapsedMs;
      else if (s.kind === 'holiday') totals.holidayMs += elapsedMs;
      let cause: TimelineCauseView<Ref>;
      if ('rule' in s.cause) cause = { kind: 'calendar', rule: s.cause.rule };
      else {
        const change = changes[s.cause.transition];
        if (change === undefined)
          throw new Error(`clock ${clock.clockId} has no event for transition ${s.cause.transition}`);
        cause = { kind: 'event', ...change };
      }
      return {
        kind: s.kind,
        from: toIsoInstant(s.from),
        to: toIsoInstant(s.to),
        businessMs: s.businessMs,
        elapsedMs,
        cause,
      };
    });
    totals.elapsedMs = endsAt.toMillis() - Date.parse(clock.startedAt);
    return {
      clockId: clock.clockId,
      metric: clock.metric,
      target: clock.target,
      planId: clock.planId,
      calendarVersion: clock.calendarVersion,
      calendar:
        clock.target.unit === 'elapsed'
          ? 'elapsed time (always open)'
          : compileCalendar(clock.calendar).describeHours(),
      startedAt: clock.startedAt,
      stoppedAt: clock.stoppedAt,
      dueAt: view.dueAt,
      warningAt: view.warningAt,
      breachedAt: state.breachedAt === undefined ? null : toIsoInstant(state.breachedAt),
      outcome: outcomeOf(view.status, clock.outcome),
      recordedOutcome: clock.outcome,
      totals,
      segments: views,
      alerts: [...(this.alerts.get(clock.clockId) ?? [])],
    };
  }
}

function outcomeOf(
  status: ReturnType<typeof viewOfClock>['status'],
  recorded: ClockOutcome | null,
): ClockTimelineOutcome {
  if (status !== 'stopped') return status;
  return recorded === 'reclassified' ? 'superseded' : 'endedByResolution';
}
