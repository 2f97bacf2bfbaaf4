/** `GET /v1/tam-assignments`: who holds which account, by TAM or by account, over the account directory. */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SqlClient } from '@caseledger/event-store';
import { listTamAssignments } from '@caseledger/read-models';
import { STATE_DB } from '@caseledger/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ACCOUNT_DIRECTORY } from '../contracts/list-contracts.http.controller';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { accountScope } from '../projections/account-scope';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { ReadConsistency } from '../projections/read-consistency';
import { DEFAULT_PAGE_SIZE } from '../projections/read-query.dto';
import { ListTamAssignmentsQuery } from './list-tam-assignments.query.dto';
import { TamAssignmentListingResponse, TamAssignmentPageResponse } from './tam-assignment-listing.response.dto';

@ApiTags('tam-assignments')
@ApiProtectedRoute()
@Controller('tam-assignments')
export class ListTamAssignmentsHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    summary: "List current TAM assignments by TAM or account; a bound key sees its own account's only.",
    description:
      "Served from the account_directory read model; an account without a TAM has no row. Pass a write's " +
      'position as consistentWith to see that write. Answers X-Read-Position and, when there is a next page, a Link header.',
  })
  @ApiOkResponse({
    type: TamAssignmentPageResponse,
    description: 'One page of assignments; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async list(
    @Query() query: ListTamAssignmentsQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TamAssignmentPageResponse> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await(ACCOUNT_DIRECTORY, query.consistentWith, request, reply);
    const page = await withCursorCheck(() =>
      listTamAssignments(
        this.sql,
        { accountId, tamId: query.tam },
        { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor },
      ),
    );
    return answerPage(request, reply, page, TamAssignmentListingResponse.of);
  }
}
