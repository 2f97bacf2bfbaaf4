/** The JSON shapes of the reports; the CSV of each has one column per (dotted) leaf of a row. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SLA_METRICS } from '@caseledger/sla';
import { CHANNELS, CRITICALITY_VALUES, PRIORITY_VALUES } from '../support-cases/case-fields';

export class ReportGroupResponse {
  @ApiPropertyOptional({ description: 'Customer account (when grouped by account).', example: 'acme-corp' })
  account?: string;
  @ApiPropertyOptional({ description: 'Plan (when grouped by plan).', example: 'bird-email-enterprise' })
  plan?: string;
  @ApiPropertyOptional({
    description: 'Priority the clock ran under (when grouped by priority).',
    enum: PRIORITY_VALUES,
    example: 'P1',
  })
  priority?: string;
  @ApiPropertyOptional({
    description: 'Criticality the clock ran under.',
    enum: CRITICALITY_VALUES,
    example: 'critical',
  })
  criticality?: string;
  @ApiPropertyOptional({
    description: 'Metric (when grouped by metric).',
    enum: [...SLA_METRICS],
    example: 'firstResponse',
  })
  metric?: string;
  @ApiPropertyOptional({ description: 'Channel the case came in through.', enum: CHANNELS, example: 'portal' })
  channel?: string;
}

class ReportHeader {
  @ApiProperty({ description: 'Time zone the buckets are cut in.', example: 'America/New_York' })
  timeZone: string;
  @ApiProperty({ description: 'Bucket size.', example: 'month' })
  granularity: string;
  @ApiProperty({ description: 'Start of the period, UTC.', example: '2026-01-01T05:00:00.000Z' })
  from: string;
  @ApiProperty({ description: 'End of the period (exclusive), UTC.', example: '2026-04-01T04:00:00.000Z' })
  to: string;
  @ApiProperty({
    description: 'The instant the report was read at (live clocks past due count as breached by then).',
    example: '2026-04-02T09:00:00.000Z',
  })
  asOf: string;
}

class PeriodFields {
  @ApiProperty({
    description: 'Bucket label in the zone: 2026-03-08, 2026-W10, 2026-03 or 2026-Q1.',
    example: '2026-03',
  })
  period: string;
  @ApiProperty({ description: 'Bucket start, UTC (clipped to `from`).', example: '2026-03-01T05:00:00.000Z' })
  periodStart: string;
  @ApiProperty({ description: 'Bucket end (exclusive), UTC (clipped to `to`).', example: '2026-04-01T04:00:00.000Z' })
  periodEnd: string;
}

export class ComplianceRowResponse extends PeriodFields {
  @ApiProperty({ description: 'The group of the row; empty without groupBy.', type: ReportGroupResponse })
  group: ReportGroupResponse;
  @ApiProperty({ description: 'Clocks started in the bucket.', example: 42 })
  started: number;
  @ApiProperty({ description: 'Clocks met, decided (stopped in time) in the bucket.', example: 38 })
  met: number;
  @ApiProperty({ description: 'Clocks breached in the bucket (counted at their due instant).', example: 3 })
  breached: number;
  @ApiProperty({
    description: 'Clocks stopped by a reclassification before breaching: not counted as breaches.',
    example: 1,
  })
  superseded: number;
  @ApiProperty({
    description: 'Clocks ended by the resolution before their due instant (nothing left to meet).',
    example: 0,
  })
  ended: number;
  @ApiProperty({ description: 'Clocks started and not decided by the end of the bucket.', example: 4 })
  running: number;
  @ApiProperty({
    description: 'met / (met + breached) × 100, two decimals; null when nothing was decided.',
    example: 92.68,
    nullable: true,
    type: Number,
  })
  compliancePercent: number | null;
  @ApiProperty({
    description:
      'Business minutes (real minutes for elapsed targets) beyond target of the clocks breached in the bucket, ' +
      'counted once a breached clock stops.',
    example: 95.5,
  })
  breachMinutes: number;
}

export class SlaComplianceResponse extends ReportHeader {
  @ApiProperty({ description: 'Grouping columns.', example: ['plan'], type: [String] })
  groupBy: string[];
  @ApiProperty({ description: 'One row per bucket (and group).', type: [ComplianceRowResponse] })
  rows: ComplianceRowResponse[];
}

export class DistributionResponse {
  @ApiProperty({ description: 'Median (percentile_cont 0.5), minutes.', example: 42.5 })
  p50: number;
  @ApiProperty({ description: '90th percentile (percentile_cont 0.9), minutes.', example: 118 })
  p90: number;
  @ApiProperty({ description: '99th percentile (percentile_cont 0.99), minutes.', example: 230.25 })
  p99: number;
  @ApiProperty({ description: 'Mean, minutes.', example: 55.1 })
  mean: number;
}

export class ResponseTimeRowResponse extends PeriodFields {
  @ApiProperty({ description: 'The metric measured.', enum: [...SLA_METRICS], example: 'firstResponse' })
  metric: string;
  @ApiProperty({ description: 'The group of the row besides the metric.', type: ReportGroupResponse })
  group: ReportGroupResponse;
  @ApiProperty({ description: 'Clocks measured: stopped met or breached in the bucket.', example: 41 })
  clocks: number;
  @ApiProperty({
    description: "Business minutes used, in the clock's own calendar (real minutes for elapsed targets).",
    type: DistributionResponse,
  })
  businessMinutes: DistributionResponse;
  @ApiProperty({ description: 'Real minutes from start to stop, paused time excluded.', type: DistributionResponse })
  elapsedMinutes: DistributionResponse;
}

export class ResponseTimesResponse extends ReportHeader {
  @ApiProperty({ description: 'Grouping columns besides the metric.', example: ['priority'], type: [String] })
  groupBy: string[];
  @ApiProperty({ description: 'One row per bucket, metric (and group).', type: [ResponseTimeRowResponse] })
  rows: ResponseTimeRowResponse[];
}

export class BacklogAgesResponse {
  @ApiProperty({ description: 'Younger than 1 hour.', example: 3 })
  lt1h: number;
  @ApiProperty({ description: '1 to 4 hours.', example: 2 })
  h1to4: number;
  @ApiProperty({ description: '4 to 24 hours.', example: 5 })
  h4to24: number;
  @ApiProperty({ description: '1 to 3 days.', example: 1 })
  d1to3: number;
  @ApiProperty({ description: '3 to 7 days.', example: 0 })
  d3to7: number;
  @ApiProperty({ description: '7 days or older.', example: 1 })
  gt7d: number;
}

export class BacklogStatusResponse {
  @ApiProperty({ description: 'Open, the vendor to act.', example: 7 })
  open: number;
  @ApiProperty({ description: 'Information requested from the customer.', example: 2 })
  awaitingCustomer: number;
  @ApiProperty({ description: 'A resolution proposed, awaiting the other side.', example: 1 })
  resolutionProposed: number;
}

export class BacklogOldestResponse {
  @ApiProperty({ description: 'Case id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;
  @ApiProperty({ description: 'Account of the case.', example: 'acme-corp' })
  accountId: string;
  @ApiProperty({ description: 'When the vendor received it.', example: '2026-03-30T13:00:00.000Z' })
  receivedAt: string;
  @ApiProperty({ description: 'Real minutes since it was received.', example: 1260 })
  elapsedMinutes: number;
  @ApiProperty({ description: "Business minutes since it was received, in its contract's calendar.", example: 480 })
  businessMinutes: number;
}

export class BacklogRowResponse {
  @ApiProperty({
    description: 'Priority, or `all` for the total row.',
    enum: [...PRIORITY_VALUES, 'all'],
    example: 'P1',
  })
  priority: string;
  @ApiProperty({ description: 'Open cases (not resolved, not closed).', example: 10 })
  open: number;
  @ApiProperty({ description: 'Open cases by status.', type: BacklogStatusResponse })
  byStatus: BacklogStatusResponse;
  @ApiProperty({
    description: "Cases whose move is the customer's (information requested, or the vendor's proposal open).",
    example: 3,
  })
  awaitingCustomer: number;
  @ApiProperty({ description: 'Open cases by real age since receipt.', type: BacklogAgesResponse })
  ageElapsed: BacklogAgesResponse;
  @ApiProperty({
    description: 'Open cases by business age since receipt (a business day is 24 business hours).',
    type: BacklogAgesResponse,
  })
  ageBusiness: BacklogAgesResponse;
  @ApiProperty({ description: 'The oldest open case, or null.', type: BacklogOldestResponse, nullable: true })
  oldest: BacklogOldestResponse | null;
}

export class BacklogResponse {
  @ApiProperty({ description: 'The instant the ages are taken at.', example: '2026-04-02T09:00:00.000Z' })
  asOf: string;
  @ApiProperty({ description: 'One row per priority P1–P4, then the total (`all`).', type: [BacklogRowResponse] })
  rows: BacklogRowResponse[];
}

export class AgentReportRowResponse extends PeriodFields {
  @ApiProperty({ description: 'Agent id.', example: 'agent.smith' })
  agentId: string;
  @ApiProperty({ description: 'Assignments to the agent in the bucket.', example: 12 })
  assigned: number;
  @ApiProperty({ description: 'First responses the agent gave.', example: 10 })
  firstResponses: number;
  @ApiProperty({ description: 'Cases resolved while the agent held them.', example: 8 })
  resolved: number;
  @ApiProperty({
    description: "Median business minutes of the agent's first responses; null without any.",
    example: 37.5,
    nullable: true,
    type: Number,
  })
  medianFirstResponseBusinessMinutes: number | null;
  @ApiProperty({ description: 'Clocks breached while the agent held the case.', example: 1 })
  breachesWhileAssigned: number;
  @ApiProperty({ description: 'Escalations of cases the agent held.', example: 2 })
  escalations: number;
}

export class AgentReportResponse extends ReportHeader {
  @ApiProperty({ description: 'One row per bucket and agent with any figure.', type: [AgentReportRowResponse] })
  rows: AgentReportRowResponse[];
}

export class CasesByCategoryResponse {
  @ApiProperty({ description: 'Incidents.', example: 7 })
  incident: number;
  @ApiProperty({ description: 'Configuration requests.', example: 2 })
  configurationRequest: number;
  @ApiProperty({ description: 'Information requests.', example: 3 })
  informationRequest: number;
  @ApiProperty({ description: 'Consultations.', example: 1 })
  consultation: number;
  @ApiProperty({ description: 'Paid customisations.', example: 0 })
  paidCustomisation: number;
  @ApiProperty({ description: 'All cases opened in the contract year.', example: 13 })
  total: number;
}

export class ContactsUsageResponse {
  @ApiProperty({ description: "Contacts authorised at the year's end (now, for the running year).", example: 3 })
  used: number;
  @ApiProperty({ description: "The plan's limit, with the contract's override.", example: 5 })
  limit: number;
}

export class AllowanceUsageResponse {
  @ApiProperty({ description: 'Allowed in the contract year by the plan in force (0: not included).', example: 2 })
  limit: number;
  @ApiProperty({ description: 'Requested in the contract year.', example: 1 })
  used: number;
  @ApiProperty({ description: 'Left in the contract year; the next request past 0 is refused.', example: 1 })
  left: number;
}

export class EntitlementsRowResponse {
  @ApiProperty({ description: 'Contract id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7' })
  contractId: string;
  @ApiProperty({ description: 'Account of the contract.', example: 'acme-corp' })
  accountId: string;
  @ApiProperty({ description: 'Contract year, 1 from the start to its first anniversary (UTC).', example: 1 })
  contractYear: number;
  @ApiProperty({ description: 'Start of the contract year, UTC.', example: '2026-01-01T00:00:00.000Z' })
  from: string;
  @ApiProperty({ description: 'End of the contract year (exclusive), UTC.', example: '2027-01-01T00:00:00.000Z' })
  to: string;
  @ApiProperty({
    description: "Plan in force at the year's end (now, for the running year).",
    example: 'beesender-business',
  })
  planId: string;
  @ApiProperty({ description: 'Cases received in the year, by category.', type: CasesByCategoryResponse })
  casesOpened: CasesByCategoryResponse;
  @ApiProperty({ description: 'Severity-1 hotline calls on the cases received in the year.', example: 1 })
  hotlineCalls: number;
  @ApiProperty({ description: 'Authorised contacts against the limit.', type: ContactsUsageResponse })
  authorisedContacts: ContactsUsageResponse;
  @ApiProperty({ description: 'Application updates with package reinstall.', type: AllowanceUsageResponse })
  applicationUpdates: AllowanceUsageResponse;
}

export class EntitlementsResponse {
  @ApiProperty({ description: 'The instant the report was read at.', example: '2026-04-02T09:00:00.000Z' })
  asOf: string;
  @ApiProperty({ description: 'One row per contract and contract year.', type: [EntitlementsRowResponse] })
  rows: EntitlementsRowResponse[];
}
