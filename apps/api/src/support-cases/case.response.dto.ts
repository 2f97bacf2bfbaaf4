import { ApiProperty } from '@nestjs/swagger';
import { SLA_METRICS } from '@caseledger/sla';
import {
  CATEGORIES,
  CHANNELS,
  CRITICALITY_VALUES,
  ESCALATION_LEVELS,
  PRIORITY_VALUES,
  TARGET_UNITS,
} from './case-fields';
import { VITAL_INFORMATION_EXAMPLE, VitalInformationDto } from './vital-information.dto';

const SIDES = ['customer', 'vendor'];

export class UpdateCadenceResponse {
  @ApiProperty({ description: 'Agreed interval between progress updates.', example: 30 })
  minutes: number;

  @ApiProperty({
    description: 'Whether the interval counts elapsed or business minutes.',
    enum: TARGET_UNITS,
    example: 'elapsed',
  })
  unit: string;

  @ApiProperty({ description: 'When the cadence was agreed (UTC).', example: '2026-04-02T14:20:00.000Z' })
  agreedAt: string;
}

export class EscalationResponse {
  @ApiProperty({ description: 'Level escalated to.', enum: ESCALATION_LEVELS, example: 'tam' })
  to: string;

  @ApiProperty({ description: 'Why.', example: 'Customer asks for the account manager' })
  reason: string;

  @ApiProperty({
    description: 'The TAM who held the account assignment at the instant of escalation; null for other levels.',
    example: 'tam.ada',
    nullable: true,
    type: String,
  })
  tamId: string | null;

  @ApiProperty({
    description: 'The event that caused an automatic escalation (e.g. a P1 breach); null when escalated by hand.',
    example: null,
    nullable: true,
    type: String,
  })
  causedBy: string | null;

  @ApiProperty({ description: 'When (UTC).', example: '2026-04-04T12:30:00.000Z' })
  at: string;
}

export class EscalationNotPossibleResponse {
  @ApiProperty({ description: 'Level the escalation was due to reach.', enum: ESCALATION_LEVELS, example: 'tam' })
  to: string;

  @ApiProperty({ description: 'Why it could not be made.', example: 'no TAM assigned to the account' })
  reason: string;

  @ApiProperty({ description: 'The clock whose breach called for it.', example: 'firstResponse-1' })
  clockId: string;

  @ApiProperty({ description: 'When the clock breached (UTC).', example: '2026-04-04T12:00:00.000Z' })
  breachedAt: string;

  @ApiProperty({
    description: 'Id of the SlaBreached event it answers.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b8',
  })
  causedBy: string;

  @ApiProperty({ description: 'When it was recorded (UTC).', example: '2026-04-04T12:00:01.000Z' })
  at: string;
}

export class WorkaroundResponse {
  @ApiProperty({ description: 'Agent who provided it.', example: 'agent.kim' })
  agentId: string;

  @ApiProperty({ description: 'The workaround.', example: 'Route sending through the EU cluster' })
  description: string;

  @ApiProperty({ description: 'When (UTC).', example: '2026-04-02T15:30:00.000Z' })
  at: string;
}

export class ResolutionProposalResponse {
  @ApiProperty({
    description: 'The side that proposed; the other side accepts or rejects.',
    enum: SIDES,
    example: 'vendor',
  })
  by: string;

  @ApiProperty({
    description: 'Who proposed: the contact for the customer side, the key or agent for the vendor side.',
    example: 'agent.kim',
  })
  actorId: string;

  @ApiProperty({ description: 'What resolved the issue.', example: 'Webhook re-registered' })
  summary: string;

  @ApiProperty({ description: 'When (UTC).', example: '2026-04-05T07:00:00.000Z' })
  at: string;
}

export class ClockTargetResponse {
  @ApiProperty({ description: 'The target.', example: 240 })
  minutes: number;

  @ApiProperty({
    description: 'Business minutes of the calendar, or elapsed minutes.',
    enum: TARGET_UNITS,
    example: 'business',
  })
  unit: string;

  @ApiProperty({ description: 'Share of the target at which the warning falls due.', example: 0.75 })
  warnAtShare: number;
}

export class ClockResponse {
  @ApiProperty({ description: 'Clock id within the case: metric and sequence number.', example: 'firstResponse-1' })
  clockId: string;

  @ApiProperty({ description: 'What the clock measures.', enum: [...SLA_METRICS], example: 'firstResponse' })
  metric: string;

  @ApiProperty({
    description: 'The target it runs against, as recorded when it started.',
    type: ClockTargetResponse,
    example: { minutes: 240, unit: 'business', warnAtShare: 0.75 },
  })
  target: ClockTargetResponse;

  @ApiProperty({ description: 'The plan that set the target.', example: 'beesender-business' })
  planId: string;

  @ApiProperty({
    description: 'Version of the contract calendar it counts in; null for elapsed targets.',
    example: 1,
    nullable: true,
    type: Number,
  })
  calendarVersion: number | null;

  @ApiProperty({
    description:
      'running; paused (the case awaits the customer); met; breached (also while still running past its due ' +
      'instant); or stopped (ended by a reclassification or the resolution before it was due).',
    enum: ['running', 'paused', 'met', 'breached', 'stopped'],
    example: 'running',
  })
  status: string;

  @ApiProperty({
    description: 'How the clock ended; null while it runs or is paused.',
    enum: ['met', 'breached', 'reclassified', 'resolved'],
    example: null,
    nullable: true,
    type: String,
  })
  outcome: string | null;

  @ApiProperty({ description: 'When it started (UTC).', example: '2026-04-02T13:30:00.000Z' })
  startedAt: string;

  @ApiProperty({ description: 'When it stopped (UTC); null while live.', example: null, nullable: true, type: String })
  stoppedAt: string | null;

  @ApiProperty({
    description: 'Due instant (UTC); null while paused, since no deadline runs then.',
    example: '2026-04-03T08:30:00.000Z',
    nullable: true,
    type: String,
  })
  dueAt: string | null;

  @ApiProperty({
    description: 'Warning instant (UTC); null while paused.',
    example: '2026-04-03T07:30:00.000Z',
    nullable: true,
    type: String,
  })
  warningAt: string | null;

  @ApiProperty({ description: 'Time counted against the target so far, in milliseconds.', example: 5400000 })
  usedMs: number;

  @ApiProperty({
    description: "Time left to the due instant in milliseconds of the clock's own counting; negative when overdue.",
    example: 9000000,
  })
  timeLeftMs: number;
}

const CLOCK_EXAMPLE = {
  clockId: 'firstResponse-1',
  metric: 'firstResponse',
  target: { minutes: 240, unit: 'business', warnAtShare: 0.75 },
  planId: 'beesender-business',
  calendarVersion: 1,
  status: 'running',
  outcome: null,
  startedAt: '2026-04-02T13:30:00.000Z',
  stoppedAt: null,
  dueAt: '2026-04-03T08:30:00.000Z',
  warningAt: '2026-04-03T07:30:00.000Z',
  usedMs: 5400000,
  timeLeftMs: 9000000,
};

/** One case as folded from its stream at the time of the read. */
export class CaseResponse {
  @ApiProperty({ description: 'Case id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;

  @ApiProperty({ description: 'The contract it is filed under.', example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11' })
  contractId: string;

  @ApiProperty({ description: 'The customer account (tenant).', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({
    description: 'Lifecycle state.',
    enum: ['open', 'awaitingCustomer', 'resolutionProposed', 'resolved', 'closed'],
    example: 'open',
  })
  status: string;

  @ApiProperty({ description: 'The authorised contact who filed it.', example: 'olga.petrova' })
  contactId: string;

  @ApiProperty({ description: 'Channel it came in through.', enum: CHANNELS, example: 'portal' })
  channel: string;

  @ApiProperty({ description: 'One-line summary.', example: 'Chats are not created from the website widget' })
  subject: string;

  @ApiProperty({
    description: 'Step-by-step description.',
    example: '1. Open the widget 2. Send a message 3. No chat appears',
  })
  description: string;

  @ApiProperty({ description: 'Kind of request.', enum: CATEGORIES, example: 'incident' })
  category: string;

  @ApiProperty({ description: 'Current priority.', enum: PRIORITY_VALUES, example: 'P2' })
  priority: string;

  @ApiProperty({ description: 'Current criticality.', enum: CRITICALITY_VALUES, example: 'nonCritical' })
  criticality: string;

  @ApiProperty({
    description:
      'Vital information from the hotline call or the filing; null when none was given. contactName, phone and ' +
      'email read "[erased]" once the contact\'s personal data is erased.',
    type: VitalInformationDto,
    nullable: true,
    example: VITAL_INFORMATION_EXAMPLE,
  })
  vitalInformation: VitalInformationDto | null;

  @ApiProperty({
    description: 'When the vendor received the case (UTC); the opening clocks start here.',
    example: '2026-04-02T13:30:00.000Z',
  })
  receivedAt: string;

  @ApiProperty({
    description: 'When it was recorded (UTC); later than receivedAt for imported cases.',
    example: '2026-04-02T13:30:00.000Z',
  })
  openedAt: string;

  @ApiProperty({ description: 'The plan that governs its clocks (fixed at receipt).', example: 'beesender-business' })
  planId: string;

  @ApiProperty({ description: 'Name of that plan.', example: 'Beesender Business' })
  planName: string;

  @ApiProperty({ description: 'Version of the contract calendar its business-time clocks count in.', example: 1 })
  calendarVersion: number;

  @ApiProperty({
    description: 'Primary owner of contact; null until assigned.',
    example: 'agent.kim',
    nullable: true,
    type: String,
  })
  assignedAgentId: string | null;

  @ApiProperty({
    description: 'First response since opening or the last reopening (UTC); null before it.',
    example: '2026-04-03T07:00:00.000Z',
    nullable: true,
    type: String,
  })
  firstRespondedAt: string | null;

  @ApiProperty({
    description: 'When the Severity-1 hotline call was logged (UTC); null without one.',
    example: null,
    nullable: true,
    type: String,
  })
  hotlineCallAt: string | null;

  @ApiProperty({
    description: 'When the callback was logged (UTC); null before it.',
    example: null,
    nullable: true,
    type: String,
  })
  callbackAt: string | null;

  @ApiProperty({
    description: 'The agreed update cadence; null when none was agreed.',
    type: UpdateCadenceResponse,
    nullable: true,
    example: { minutes: 30, unit: 'elapsed', agreedAt: '2026-04-02T14:20:00.000Z' },
  })
  updateCadence: UpdateCadenceResponse | null;

  @ApiProperty({
    description: 'Escalations, oldest first.',
    type: [EscalationResponse],
    example: [
      {
        to: 'tam',
        reason: 'Customer asks for the account manager',
        tamId: 'tam.ada',
        causedBy: null,
        at: '2026-04-04T12:30:00.000Z',
      },
    ],
  })
  escalations: EscalationResponse[];

  @ApiProperty({
    description:
      'Escalations a breach called for (a P1 or critical case, to the TAM) that could not be made, oldest first.',
    type: [EscalationNotPossibleResponse],
    example: [],
  })
  escalationsNotPossible: EscalationNotPossibleResponse[];

  @ApiProperty({ description: 'Workarounds provided, oldest first.', type: [WorkaroundResponse], example: [] })
  workarounds: WorkaroundResponse[];

  @ApiProperty({
    description: 'The resolution awaiting the other side; null when none is pending.',
    type: ResolutionProposalResponse,
    nullable: true,
    example: null,
  })
  resolutionProposal: ResolutionProposalResponse | null;

  @ApiProperty({
    description: 'When both sides agreed it is resolved (UTC); null otherwise.',
    example: null,
    nullable: true,
    type: String,
  })
  resolvedAt: string | null;

  @ApiProperty({
    description: 'When it was closed (UTC); null otherwise.',
    example: null,
    nullable: true,
    type: String,
  })
  closedAt: string | null;

  @ApiProperty({
    description: 'Every SLA clock the case has run, in start order, evaluated at asOf.',
    type: [ClockResponse],
    example: [CLOCK_EXAMPLE],
  })
  clocks: ClockResponse[];

  @ApiProperty({
    description: 'The instant the clocks were evaluated at (UTC): the time of the read.',
    example: '2026-04-02T15:00:00.000Z',
  })
  asOf: string;

  @ApiProperty({ description: 'Revision of the case stream (also the ETag).', example: '4' })
  revision: string;
}
