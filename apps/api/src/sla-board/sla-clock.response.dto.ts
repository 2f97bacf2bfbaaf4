import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BoardEntry } from '@caseledger/read-models';
import { Duration } from 'luxon';
import { SLA_METRICS } from '@caseledger/sla';
import { CRITICALITY_VALUES, PRIORITY_VALUES } from '../support-cases/case-fields';

/** The statuses a board row's clock can be in. */
export const CLOCK_STATUSES = ['running', 'paused', 'met', 'breached', 'stopped'];

const isoDuration = (ms: number | null): string | null =>
  ms === null ? null : Duration.fromMillis(ms).shiftTo('hours', 'minutes', 'seconds').toISO();

export class SlaClockResponse {
  @ApiProperty({ description: 'Case id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;
  @ApiProperty({ description: 'Clock id within the case: `<metric>-<n>`.', example: 'firstResponse-1' })
  clockId: string;
  @ApiProperty({ description: 'Contract of the case.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7' })
  contractId: string;
  @ApiProperty({ description: 'Customer account.', example: 'acme-corp' })
  accountId: string;
  @ApiProperty({ description: 'Plan whose target the clock counts.', example: 'bird-email-enterprise' })
  planId: string;
  @ApiProperty({
    description: 'Case priority (the current one for live clocks).',
    enum: PRIORITY_VALUES,
    example: 'P1',
  })
  priority: string;
  @ApiProperty({
    description: 'Case criticality (the current one for live clocks).',
    enum: CRITICALITY_VALUES,
    example: 'critical',
  })
  criticality: string;
  @ApiProperty({ description: 'Assigned agent, or null.', example: 'agent.smith', nullable: true, type: String })
  assigneeId: string | null;
  @ApiProperty({ description: 'What the clock measures.', enum: [...SLA_METRICS], example: 'callback' })
  metric: string;
  @ApiProperty({
    description:
      'running, paused (awaiting the customer), met, breached (recorded, live or ended), stopped (reclassified ' +
      'or resolved).',
    enum: CLOCK_STATUSES,
    example: 'breached',
  })
  status: string;
  @ApiProperty({ description: 'Lifecycle: running, paused or stopped.', example: 'running' })
  phase: string;
  @ApiProperty({ description: 'Due instant.', example: '2026-04-07T14:20:00.000Z' })
  dueAt: string;
  @ApiProperty({ description: 'Warning instant.', example: '2026-04-07T14:16:15.000Z' })
  warningAt: string;
  @ApiProperty({
    description: 'When the warning was recorded as reached, or null.',
    example: '2026-04-07T14:16:15.000Z',
    nullable: true,
    type: String,
  })
  warnedAt: string | null;
  @ApiProperty({
    description: 'Breach instant, or null while no breach is recorded.',
    example: '2026-04-07T14:20:00.000Z',
    nullable: true,
    type: String,
  })
  breachedAt: string | null;
  @ApiProperty({
    description:
      'False while the due instant has passed but the breach is not yet recorded (the watcher records it within ' +
      'a second).',
    example: true,
  })
  breachRecorded: boolean;
  @ApiProperty({
    description: 'Milliseconds left until the due instant (running clocks not yet due), else null.',
    example: 225000,
    nullable: true,
    type: Number,
  })
  timeLeftMs: number | null;
  @ApiProperty({ description: 'The same as an ISO-8601 duration.', example: 'PT3M45S', nullable: true, type: String })
  timeLeft: string | null;
  @ApiProperty({
    description: 'Milliseconds past the due instant (to now, to the pause, or to the stop), else null.',
    example: 600000,
    nullable: true,
    type: Number,
  })
  overdueByMs: number | null;
  @ApiProperty({ description: 'The same as an ISO-8601 duration.', example: 'PT10M', nullable: true, type: String })
  overdueBy: string | null;
  @ApiProperty({ description: 'When the clock ended, or null.', example: null, nullable: true, type: String })
  stoppedAt: string | null;
  @ApiProperty({
    description: 'How it ended: met, breached, reclassified, resolved; null while live.',
    example: null,
    nullable: true,
    type: String,
  })
  outcome: string | null;
  @ApiProperty({
    description:
      "Why the escalation this breach called for (a P1 or critical case, to the account's TAM) could not be made, " +
      'or null when it was made or not called for.',
    example: null,
    nullable: true,
    type: String,
  })
  escalationNotPossible: string | null;

  static of(entry: BoardEntry): SlaClockResponse {
    return {
      caseId: entry.caseId,
      clockId: entry.clockId,
      contractId: entry.contractId,
      accountId: entry.accountId,
      planId: entry.planId,
      priority: entry.priority,
      criticality: entry.criticality,
      assigneeId: entry.assigneeId,
      metric: entry.metric,
      status: entry.status,
      phase: entry.phase,
      dueAt: entry.dueAt,
      warningAt: entry.warningAt,
      warnedAt: entry.warnedAt,
      breachedAt: entry.breachedAt,
      breachRecorded: entry.breachRecorded,
      timeLeftMs: entry.timeLeftMs,
      timeLeft: isoDuration(entry.timeLeftMs),
      overdueByMs: entry.overdueByMs,
      overdueBy: isoDuration(entry.overdueByMs),
      stoppedAt: entry.stoppedAt,
      outcome: entry.outcome,
      escalationNotPossible: entry.escalationNotPossible ?? null,
    };
  }
}

export class SlaBoardPageResponse {
  @ApiProperty({ description: 'Clocks sorted by due instant.', type: [SlaClockResponse] })
  items: SlaClockResponse[];

  @ApiProperty({
    description: 'The instant the times left and overdue are computed at.',
    example: '2026-04-07T14:30:00.000Z',
  })
  asOf: string;

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/sla/breaches?limit=50&cursor=WyJkdWVBdDphc2MiXQ',
  })
  next?: string;
}
