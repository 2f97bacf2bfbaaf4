import { ApiProperty } from '@nestjs/swagger';
import type { CaseEventRef, CaseSlaTimeline } from '@caseledger/application';
import type { TimelineCauseView, TimelineEvent } from '@caseledger/domain';
import { formatPosition } from '@caseledger/event-store';
import { SLA_METRICS } from '@caseledger/sla';
import { ClockTargetResponse } from '../support-cases/case.response.dto';
import { CASE_EVENT_TYPES } from './case-history.query.dto';

const SEGMENT_KINDS = ['running', 'paused', 'outsideHours', 'holiday', 'stopped'];
const OUTCOMES = ['running', 'paused', 'met', 'breached', 'superseded', 'endedByResolution'];

export class CitedEventResponse {
  @ApiProperty({ description: 'The event type.', enum: CASE_EVENT_TYPES, example: 'SlaClockPaused' })
  type: string;

  @ApiProperty({ description: 'Its revision in the case stream (see the history).', example: '6' })
  revision: string;

  @ApiProperty({ description: 'Its global position, "<commit>-<prepare>".', example: '1042-7' })
  position: string;

  @ApiProperty({
    description: 'One line of English, as in the history.',
    example: 'Clock resolution-1 paused: awaiting the customer',
  })
  description: string;

  static of(cited: TimelineEvent<CaseEventRef>): CitedEventResponse {
    const { type, revision, position } = cited.ref;
    return { type, revision: revision.toString(), position: formatPosition(position), description: cited.description };
  }
}

export class TimelineCauseResponse {
  @ApiProperty({
    description:
      'What began the segment: an event of the case (the clock started, paused, resumed or stopped) or a rule of the calendar.',
    enum: ['event', 'calendar'],
    example: 'event',
  })
  kind: string;

  @ApiProperty({
    description: 'For `event`: the clock event that began the segment; null for `calendar`.',
    type: CitedEventResponse,
    nullable: true,
  })
  event: CitedEventResponse | null;

  @ApiProperty({
    description:
      'For `event`: the case event it followed in the same command (e.g. the InformationRequested behind a pause); null otherwise.',
    type: CitedEventResponse,
    nullable: true,
  })
  trigger: CitedEventResponse | null;

  @ApiProperty({
    description:
      'For `calendar`: the rule, e.g. "outside business hours Mon-Fri 09:00-17:00 America/New_York" or "holiday: Memorial Day (US)"; null for `event`.',
    type: String,
    nullable: true,
    example: null,
  })
  rule: string | null;

  static of(cause: TimelineCauseView<CaseEventRef>): TimelineCauseResponse {
    return cause.kind === 'calendar'
      ? { kind: 'calendar', event: null, trigger: null, rule: cause.rule }
      : {
          kind: 'event',
          event: CitedEventResponse.of(cause.event),
          trigger: cause.trigger === null ? null : CitedEventResponse.of(cause.trigger),
          rule: null,
        };
  }
}

export class TimelineSegmentResponse {
  @ApiProperty({
    description:
      'running (counted), paused (awaiting the customer), outsideHours (closed by the weekly hours), holiday ' +
      '(closed by a holiday or closed date), stopped (after the clock stopped).',
    enum: SEGMENT_KINDS,
    example: 'paused',
  })
  kind: string;

  @ApiProperty({ description: 'Start (UTC, inclusive).', example: '2026-05-22T20:40:00.000Z' })
  from: string;

  @ApiProperty({
    description: 'End (UTC, exclusive): the next segment starts here.',
    example: '2026-05-26T14:00:00.000Z',
  })
  to: string;

  @ApiProperty({
    description: 'Business milliseconds it added to the clock: its length when running, else 0.',
    example: 0,
  })
  businessMs: number;

  @ApiProperty({ description: 'Its length in real milliseconds.', example: 321600000 })
  elapsedMs: number;

  @ApiProperty({ description: 'Why the segment began.', type: TimelineCauseResponse })
  cause: TimelineCauseResponse;
}

export class TimelineTotalsResponse {
  @ApiProperty({ description: 'Business milliseconds used: the sum of the running segments.', example: 4200000 })
  businessMs: number;

  @ApiProperty({
    description: 'Real milliseconds from the start to the stop, or to `asOf` while the clock lives.',
    example: 327600000,
  })
  elapsedMs: number;

  @ApiProperty({ description: 'Real milliseconds paused awaiting the customer.', example: 321600000 })
  pausedMs: number;

  @ApiProperty({ description: 'Real milliseconds outside business hours while running.', example: 0 })
  outsideHoursMs: number;

  @ApiProperty({ description: 'Real milliseconds closed for holidays while running.', example: 0 })
  holidayMs: number;

  @ApiProperty({ description: 'Business milliseconds left to the target; negative when overdue.', example: 53400000 })
  leftMs: number;
}

export class SlaAlertResponse {
  @ApiProperty({
    description: 'A warning share reached, or a breach.',
    enum: ['warning', 'breach'],
    example: 'warning',
  })
  kind: string;

  @ApiProperty({ description: 'The instant the clock reached it (UTC).', example: '2026-05-27T18:00:00.000Z' })
  at: string;

  @ApiProperty({ description: 'When the deadline watcher recorded it (UTC).', example: '2026-05-27T18:00:01.000Z' })
  detectedAt: string;

  @ApiProperty({ description: 'The event that records it.', type: CitedEventResponse })
  event: CitedEventResponse;
}

export class ClockTimelineResponse {
  @ApiProperty({ description: 'The clock, `<metric>-<n>`.', example: 'resolution-1' })
  clockId: string;

  @ApiProperty({ description: 'What the clock measures.', enum: SLA_METRICS, example: 'resolution' })
  metric: string;

  @ApiProperty({ description: 'The target it runs against, as recorded when it started.', type: ClockTargetResponse })
  target: ClockTargetResponse;

  @ApiProperty({ description: 'The plan that set the target.', example: 'bird-email-premium' })
  planId: string;

  @ApiProperty({
    description: 'Version of the contract calendar it counts in; null for elapsed targets.',
    example: 1,
    nullable: true,
    type: Number,
  })
  calendarVersion: number | null;

  @ApiProperty({
    description: 'The calendar it counts in, in one line.',
    example: 'Mon-Fri 09:00-17:00 America/New_York',
  })
  calendar: string;

  @ApiProperty({ description: 'When it started (UTC).', example: '2026-05-22T20:30:00.000Z' })
  startedAt: string;

  @ApiProperty({
    description: 'When it stopped (UTC); null while it lives.',
    example: null,
    nullable: true,
    type: String,
  })
  stoppedAt: string | null;

  @ApiProperty({
    description: 'Its due instant; null while paused (no deadline runs).',
    example: '2026-05-28T14:50:00.000Z',
    nullable: true,
    type: String,
  })
  dueAt: string | null;

  @ApiProperty({
    description: 'Its warning instant; null while paused before reaching it.',
    example: '2026-05-27T18:50:00.000Z',
    nullable: true,
    type: String,
  })
  warningAt: string | null;

  @ApiProperty({
    description: 'When it ran past its due instant; null if it has not.',
    example: null,
    nullable: true,
    type: String,
  })
  breachedAt: string | null;

  @ApiProperty({
    description:
      'running, paused, met, breached, superseded (stopped by a reclassification before it was due; a new clock ' +
      'took over) or endedByResolution (stopped by the mutual resolution before it was due, no verdict of its own).',
    enum: OUTCOMES,
    example: 'running',
  })
  outcome: string;

  @ApiProperty({
    description: 'The outcome its stop event recorded; null while it lives.',
    enum: ['met', 'breached', 'reclassified', 'resolved'],
    nullable: true,
    example: null,
  })
  recordedOutcome: string | null;

  @ApiProperty({ description: 'Totals over the segments.', type: TimelineTotalsResponse })
  totals: TimelineTotalsResponse;

  @ApiProperty({
    description:
      'From `startedAt` to `asOf` in order, without gap or overlap; the running ones add up to `totals.businessMs`.',
    type: [TimelineSegmentResponse],
  })
  segments: TimelineSegmentResponse[];

  @ApiProperty({ description: 'Warnings and breaches recorded for it.', type: [SlaAlertResponse] })
  alerts: SlaAlertResponse[];
}

export class CaseSlaTimelineResponse {
  @ApiProperty({ description: 'The case.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;

  @ApiProperty({
    description: 'The instant the timeline is read at (UTC): now, `asOf`, or the instant of `atRevision`.',
    example: '2026-05-26T16:00:00.000Z',
  })
  asOf: string;

  @ApiProperty({ description: 'The last revision folded (also the ETag).', example: '9' })
  revision: string;

  @ApiProperty({ description: 'Every clock of the case, in the order they started.', type: [ClockTimelineResponse] })
  clocks: ClockTimelineResponse[];

  static of(timeline: CaseSlaTimeline): CaseSlaTimelineResponse {
    return {
      caseId: timeline.caseId,
      asOf: timeline.asOf,
      revision: timeline.revision.toString(),
      clocks: timeline.clocks.map((clock) => ({
        ...clock,
        segments: clock.segments.map((s) => ({ ...s, cause: TimelineCauseResponse.of(s.cause) })),
        alerts: clock.alerts.map((a) => ({ ...a, event: CitedEventResponse.of(a.event) })),
      })),
    };
  }
}
