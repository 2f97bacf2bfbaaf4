/**
 * The SLA board over the `sla_clocks` read model. Times left and overdue are computed at request
 * time from the injected clock, so the rows stay event-derived and the figures stay current.
 */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, CLOCK } from '@caseledger/application';
import { SqlClient } from '@caseledger/event-store';
import { listAtRisk, listBreaches } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Duration } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { accountScope } from '../projections/account-scope';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { ReadConsistency } from '../projections/read-consistency';
import { DEFAULT_PAGE_SIZE } from '../projections/read-query.dto';
import { STATE_DB } from '@caseledger/runtime';
import { AtRiskQuery, BreachesQuery } from './sla-board.query.dto';
import { SlaBoardPageResponse, SlaClockResponse } from './sla-clock.response.dto';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';

const millis = (iso: string | undefined, fallback: number): number =>
  iso === undefined ? fallback : Duration.fromISO(iso).as('milliseconds');

@ApiTags('sla')
@ApiProtectedRoute()
@Controller('sla')
@Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
export class SlaBoardHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get('breaches')
  @ApiOperation({
    operationId: 'listSlaBreaches',
    summary:
      'Breached clocks: live ones breached or past due, and ended ones breached within `since`; sorted by due instant.',
    description:
      'A live clock past its due instant is listed even before the deadline watcher records the breach ' +
      '(breachRecorded false). Customer keys see their own account only.',
  })
  @ApiOkResponse({
    type: SlaBoardPageResponse,
    description: 'One page of clocks; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async breaches(
    @Query() query: BreachesQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaBoardPageResponse> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('sla_clocks', query.consistentWith, request, reply);
    const now = this.clock.now().toJSDate();
    const page = await withCursorCheck(() =>
      listBreaches(
        this.sql,
        now,
        millis(query.since, 24 * 3600_000),
        { accountId, metric: query.metric, priority: query.priority, assigneeId: query.assignee, phase: query.state },
        { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor },
      ),
    );
    return { ...answerPage(request, reply, page, SlaClockResponse.of), asOf: now.toISOString() };
  }

  @Get('at-risk')
  @ApiOperation({
    operationId: 'listClocksAtRisk',
    summary: 'Running clocks at risk: warning instant passed (or within `within`), not yet due; sorted by due instant.',
    description: 'Customer keys see their own account only.',
  })
  @ApiOkResponse({
    type: SlaBoardPageResponse,
    description: 'One page of clocks; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async atRisk(
    @Query() query: AtRiskQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaBoardPageResponse> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('sla_clocks', query.consistentWith, request, reply);
    const now = this.clock.now().toJSDate();
    const page = await withCursorCheck(() =>
      listAtRisk(
        this.sql,
        now,
        millis(query.within, 0),
        { accountId, metric: query.metric, priority: query.priority, assigneeId: query.assignee },
        { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor },
      ),
    );
    return { ...answerPage(request, reply, page, SlaClockResponse.of), asOf: now.toISOString() };
  }
}
