/**
 * The reports under /v1/reports, over the `reports` read model. Every one answers JSON, or CSV with
 * `Accept: text/csv`; an account-bound key (every customer key) reads its own account only.
 */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, CLOCK } from '@caseledger/application';
import { SqlClient } from '@caseledger/event-store';
import {
  agentReport,
  contractsOf,
  contractYearUsage,
  defaultReportZone,
  instantInZone,
  readReport,
  reportBuckets,
  ReportScope,
  responseTimes,
  slaCompliance,
  TooManyBuckets,
  MAX_BUCKETS,
} from '@caseledger/read-models';
import { STATE_DB } from '@caseledger/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { accountScope } from '../projections/account-scope';
import { ReadConsistency } from '../projections/read-consistency';
import { backlogReport } from './backlog-report';
import { contractYearSpans, entitlementsReport } from './entitlements-report';
import { answerReport, ApiReportResponse } from './report-answer';
import { AccountReportQuery, EntitlementsQuery, GroupedReportQuery, PeriodReportQuery } from './report.query.dto';
import {
  AgentReportResponse,
  BacklogResponse,
  EntitlementsResponse,
  ResponseTimesResponse,
  SlaComplianceResponse,
} from './report.response.dto';

const PERIOD_COLUMNS = ['period', 'periodStart', 'periodEnd'];

@ApiTags('reports')
@ApiProtectedRoute()
@Controller('reports')
export class ReportsHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: ReadConsistency,
  ) {}

  /** The account, zone, buckets and instant of a period report; a period that makes no sense is a 400. */
  private async periodScope(
    query: PeriodReportQuery,
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{
    scope: ReportScope;
    header: { timeZone: string; granularity: string; from: string; to: string; asOf: string };
  }> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('reports', query.consistentWith, request, reply);
    const timeZone = query.timeZone ?? (await defaultReportZone(this.sql, accountId));
    const granularity = query.granularity ?? 'month';
    const fromMs = instantInZone(query.from, timeZone);
    const toMs = instantInZone(query.to, timeZone);
    if (!Number.isFinite(fromMs))
      throw validationProblem([{ field: 'from', message: 'from is not a valid date' }], 'query');
    if (!Number.isFinite(toMs)) throw validationProblem([{ field: 'to', message: 'to is not a valid date' }], 'query');
    if (toMs <= fromMs) throw validationProblem([{ field: 'to', message: 'to must be later than from' }], 'query');
    let buckets;
    try {
      buckets = reportBuckets(fromMs, toMs, granularity, timeZone);
    } catch (error) {
      if (!(error instanceof TooManyBuckets)) throw error;
      throw validationProblem(
        [{ field: 'granularity', message: `the period holds more than ${MAX_BUCKETS} buckets of ${granularity}` }],
        'query',
      );
    }
    const now = this.clock.now().toJSDate();
    return {
      scope: { accountId, buckets, now },
      header: {
        timeZone,
        granularity,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        asOf: now.toISOString(),
      },
    };
  }

  @Get('sla-compliance')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getSlaComplianceReport',
    summary:
      'SLA compliance per period: clocks started, met, breached, superseded, running; compliance %; breach minutes.',
    description:
      'A clock counts in the bucket where it was decided: met when it stopped in time, breached at its due instant ' +
      '(a live clock past due counts as breached at `asOf`, as the case shows it). A clock stopped by a ' +
      'reclassification before breaching is `superseded`, never a breach. Buckets are cut in `timeZone`.',
  })
  @ApiReportResponse(
    SlaComplianceResponse,
    'period,periodStart,periodEnd,group.plan,started,met,breached,superseded,ended,running,compliancePercent,breachMinutes\r\n' +
      '2026-03,2026-03-01T05:00:00.000Z,2026-04-01T04:00:00.000Z,bird-email-enterprise,42,38,3,1,0,4,92.68,95.5\r\n',
  )
  @ApiProblemResponses(400, 503)
  async slaCompliance(
    @Query() query: GroupedReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaComplianceResponse | string> {
    const { scope, header } = await this.periodScope(query, principal, request, reply);
    const groupBy = [...new Set(query.groupBy ?? [])];
    const rows = await readReport(this.sql, (tx) => slaCompliance(tx, scope, groupBy));
    return answerReport(request, reply, { ...header, groupBy, rows }, rows, PERIOD_COLUMNS);
  }

  @Get('response-times')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getResponseTimesReport',
    summary: 'Response times per metric and period: p50, p90, p99 and mean of business and of elapsed minutes.',
    description:
      'Over the clocks that stopped met or breached in each bucket. Business minutes are counted in the calendar the ' +
      'clock ran on (elapsed targets: real minutes); elapsed minutes leave out the time the clock was paused. ' +
      "Percentiles are PostgreSQL's percentile_cont (linear interpolation), on PostgreSQL and on the embedded store.",
  })
  @ApiReportResponse(
    ResponseTimesResponse,
    'period,periodStart,periodEnd,metric,clocks,businessMinutes.p50,businessMinutes.p90,businessMinutes.p99,' +
      'businessMinutes.mean,elapsedMinutes.p50,elapsedMinutes.p90,elapsedMinutes.p99,elapsedMinutes.mean\r\n' +
      '2026-03,2026-03-01T05:00:00.000Z,2026-04-01T04:00:00.000Z,firstResponse,41,42.5,118,230.25,55.1,40,120,300,60\r\n',
  )
  @ApiProblemResponses(400, 503)
  async responseTimes(
    @Query() query: GroupedReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResponseTimesResponse | string> {
    const { scope, header } = await this.periodScope(query, principal, request, reply);
    const groupBy = [...new Set(query.groupBy ?? [])].filter((g) => g !== 'metric');
    const rows = await readReport(this.sql, (tx) => responseTimes(tx, scope, groupBy));
    return answerReport(request, reply, { ...header, groupBy, rows }, rows, [...PERIOD_COLUMNS, 'metric']);
  }

  @Get('backlog')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getBacklogReport',
    summary: 'Open cases now, by priority: status, awaiting the customer, age buckets (elapsed and business), oldest.',
    description:
      "Ages run from the case's receipt to the server's now; business age counts the contract calendar the case's " +
      'clocks count in (holidays and closed hours left out; a business day is 24 business hours).',
  })
  @ApiReportResponse(
    BacklogResponse,
    'priority,open,byStatus.open,byStatus.awaitingCustomer,byStatus.resolutionProposed,awaitingCustomer,' +
      'ageElapsed.lt1h,ageElapsed.h1to4,ageElapsed.h4to24,ageElapsed.d1to3,ageElapsed.d3to7,ageElapsed.gt7d,' +
      'ageBusiness.lt1h,ageBusiness.h1to4,ageBusiness.h4to24,ageBusiness.d1to3,ageBusiness.d3to7,ageBusiness.gt7d,' +
      'oldest.caseId,oldest.accountId,oldest.receivedAt,oldest.elapsedMinutes,oldest.businessMinutes\r\n' +
      'P1,1,1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,0,0195f3aa-2b3c-7d4e-8f50-61728394a5b6,acme-corp,' +
      '2026-04-02T07:00:00.000Z,120,45\r\n',
  )
  @ApiProblemResponses(400, 503)
  async backlog(
    @Query() query: AccountReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BacklogResponse | string> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('reports', query.consistentWith, request, reply);
    const now = this.clock.now().toJSDate();
    const report = await readReport(this.sql, (tx) => backlogReport(tx, accountId, now));
    return answerReport(request, reply, report, report.rows);
  }

  @Get('agents')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration')
  @ApiOperation({
    operationId: 'getAgentsReport',
    summary:
      'Per agent and period: assigned, first responses, resolved, median first-response business minutes, breaches ' +
      'while assigned, escalations.',
    description:
      'Each figure falls in the bucket of its own instant. A breach is charged to the agent holding the case when ' +
      'the clock breached. An account-bound key sees its own account only.',
  })
  @ApiReportResponse(
    AgentReportResponse,
    'period,periodStart,periodEnd,agentId,assigned,firstResponses,resolved,medianFirstResponseBusinessMinutes,' +
      'breachesWhileAssigned,escalations\r\n' +
      '2026-W14,2026-03-30T04:00:00.000Z,2026-04-06T04:00:00.000Z,agent.smith,12,10,8,37.5,1,2\r\n',
  )
  @ApiProblemResponses(400, 503)
  async agents(
    @Query() query: PeriodReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentReportResponse | string> {
    const { scope, header } = await this.periodScope(query, principal, request, reply);
    const rows = await readReport(this.sql, (tx) => agentReport(tx, scope));
    return answerReport(request, reply, { ...header, rows }, rows, PERIOD_COLUMNS);
  }

  @Get('entitlements')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getEntitlementsReport',
    summary:
      'Per contract and contract year: cases opened by category, hotline calls, authorised contacts of the limit, ' +
      'application updates allowed, used and left.',
    description:
      "Contract years run from the contract's start to each anniversary (UTC). Limits are those of the plan in force " +
      "at the year's end (now, for the running year), with the contract's overrides. An update past the allowance " +
      'is refused by POST /v1/contracts/{contractId}/application-updates with 422 allowance-exhausted.',
  })
  @ApiReportResponse(
    EntitlementsResponse,
    'contractId,accountId,contractYear,from,to,planId,casesOpened.incident,casesOpened.configurationRequest,' +
      'casesOpened.informationRequest,casesOpened.consultation,casesOpened.paidCustomisation,casesOpened.total,' +
      'hotlineCalls,authorisedContacts.used,authorisedContacts.limit,applicationUpdates.limit,' +
      'applicationUpdates.used,applicationUpdates.left\r\n' +
      '0195f3aa-2b3c-7d4e-8f50-61728394a5b7,acme-corp,1,2026-01-01T00:00:00.000Z,2027-01-01T00:00:00.000Z,' +
      'beesender-business,7,2,3,1,0,13,0,3,5,2,1,1\r\n',
  )
  @ApiProblemResponses(400, 503)
  async entitlements(
    @Query() query: EntitlementsQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EntitlementsResponse | string> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('reports', query.consistentWith, request, reply);
    const now = this.clock.now().toJSDate();
    const rows = await readReport(this.sql, async (tx) => {
      const contracts = await contractsOf(tx, accountId, query.contract);
      const spans = contractYearSpans(contracts, now);
      return entitlementsReport(contracts, spans, await contractYearUsage(tx, spans), now);
    });
    return answerReport(request, reply, { asOf: now.toISOString(), rows }, rows);
  }
}
