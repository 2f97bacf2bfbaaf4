/**
 * Agent workload over the `agent_workload` read model. The agents are those seen in it (assigned a
 * case at least once): there is no roster of agents in the event history to consult instead.
 * An account-bound key (an integration key scoped to one account) sees the figures of its own
 * account's cases only, and another account's case exactly as a missing one.
 */
import { Controller, Get, HttpStatus, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Clock, CLOCK } from '@caseledger/application';
import { SqlClient } from '@caseledger/event-store';
import { agentWorkloadPage, agentWorkloads, suggestAgent, workloadHasCase } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { ReadConsistency } from '../projections/read-consistency';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { ConsistentReadQuery, DEFAULT_PAGE_SIZE, PagedReadQuery } from '../projections/read-query.dto';
import { STATE_DB } from '@caseledger/runtime';
import { PERSON_ID } from '../support-cases/case-fields';
import { AgentSuggestionQuery } from './agent-workload.query.dto';
import {
  AgentSuggestionResponse,
  AgentWorkloadListResponse,
  AgentWorkloadResponse,
} from './agent-workload.response.dto';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';

const notFound = (detail: string) =>
  new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: HttpStatus.NOT_FOUND, detail });

@ApiTags('agents')
@ApiProtectedRoute()
@Controller('agents')
@Roles('admin', 'agent', 'tam', 'auditor', 'integration')
export class AgentWorkloadHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get('workload')
  @ApiOperation({
    operationId: 'listAgentWorkloads',
    summary:
      'Workload of every agent, in agent id order and cursor pages: open cases by priority and criticality, ' +
      'whose move it is, next due instant, breaches this week (UTC).',
    description:
      "An account-bound key sees only its own account's cases counted. Answers a Link header when there is a " +
      'next page.',
  })
  @ApiOkResponse({
    type: AgentWorkloadListResponse,
    description: 'One page of agents; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async all(
    @Query() query: PagedReadQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentWorkloadListResponse> {
    await this.consistency.await('agent_workload', query.consistentWith, request, reply);
    const now = this.clock.now().toJSDate();
    const page = await withCursorCheck(() =>
      agentWorkloadPage(this.sql, now, {
        accountId: principal.accountId,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        cursor: query.cursor,
      }),
    );
    return { ...answerPage(request, reply, page, AgentWorkloadResponse.of), asOf: now.toISOString() };
  }

  @Get('suggestion')
  @ApiOperation({
    operationId: 'suggestAgent',
    summary:
      'The least-loaded agent for a case: fewest open P1/critical cases, then fewest open cases, then the latest ' +
      'next deadline; with the reason.',
  })
  @ApiOkResponse({
    type: AgentSuggestionResponse,
    description: 'The suggested agent and why.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 404, 503)
  async suggestion(
    @Query() query: AgentSuggestionQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentSuggestionResponse> {
    await this.consistency.await('agent_workload', query.consistentWith, request, reply);
    const caseId = query.caseId.toLowerCase();
    if (!(await workloadHasCase(this.sql, caseId, principal.accountId)))
      throw notFound(
        `There is no case ${caseId} in the workload read model (pass consistentWith if it was just opened).`,
      );
    return AgentSuggestionResponse.of(
      caseId,
      suggestAgent(await agentWorkloads(this.sql, this.clock.now().toJSDate(), { accountId: principal.accountId })),
    );
  }

  @Get(':agentId/workload')
  @ApiOperation({ operationId: 'getAgentWorkload', summary: 'Workload of one agent.' })
  @ApiParam({ name: 'agentId', description: 'Agent id, as cases are assigned to it.', example: 'agent.smith' })
  @ApiOkResponse({
    type: AgentWorkloadResponse,
    description: "The agent's workload.",
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 404, 503)
  async one(
    @Param('agentId') agentId: string,
    @Query() query: ConsistentReadQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentWorkloadResponse> {
    if (!PERSON_ID.test(agentId))
      throw validationProblem(
        [{ field: 'agentId', message: 'agentId must be 1-100 letters, digits, or . _ : @ -' }],
        'path',
      );
    await this.consistency.await('agent_workload', query.consistentWith, request, reply);
    const [workload] = await agentWorkloads(this.sql, this.clock.now().toJSDate(), {
      agentId,
      accountId: principal.accountId,
    });
    if (!workload) throw notFound(`No case has been assigned to ${agentId}.`);
    return AgentWorkloadResponse.of(workload);
  }
}
