/**
 * The case list (`GET /v1/cases`) over the `case_summaries` read model. Reading one case
 * (`GET /v1/cases/{caseId}`) folds its events instead and lives with the support-case routes.
 */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SqlClient } from '@caseledger/event-store';
import { listCaseSummaries } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { accountScope } from '../projections/account-scope';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { ReadConsistency } from '../projections/read-consistency';
import { DEFAULT_PAGE_SIZE } from '../projections/read-query.dto';
import { STATE_DB } from '@caseledger/runtime';
import { CasePageResponse, CaseSummaryResponse } from './case-summary.response.dto';
import { ListCasesQuery } from './list-cases.query.dto';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class ListCasesHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    summary: "List cases with filters, a sort and cursor pages; a customer key sees its own account's cases only.",
    description:
      "Served from the case_summaries read model. Pass a write's position as consistentWith to see that write. " +
      'Answers X-Read-Position and, when there is a next page, a Link header.',
  })
  @ApiOkResponse({
    type: CasePageResponse,
    description: 'One page of cases; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async list(
    @Query() query: ListCasesQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CasePageResponse> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await('case_summaries', query.consistentWith, request, reply);
    const page = await withCursorCheck(() =>
      listCaseSummaries(
        this.sql,
        {
          accountId,
          contractId: query.contract?.toLowerCase(),
          status: query.status,
          priority: query.priority,
          criticality: query.criticality,
          category: query.category,
          assigneeId: query.assignee,
          openedFrom: query.openedFrom,
          openedTo: query.openedTo,
          updatedFrom: query.updatedFrom,
          updatedTo: query.updatedTo,
          q: query.q,
        },
        {
          sort: query.sort ?? 'openedAt',
          order: query.order ?? 'desc',
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          cursor: query.cursor,
        },
      ),
    );
    return answerPage(request, reply, page, CaseSummaryResponse.of);
  }
}
