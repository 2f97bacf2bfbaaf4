import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetCase, QueryResult } from '@caseledger/application';
import type { CaseView } from '@caseledger/domain';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { IdParam } from '../http-conventions/id-param.decorator';
import { etagOf, READ_ETAG_HEADER } from '../http-conventions/write-headers';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { CaseResponse } from './case.response.dto';
import { readScope } from '../http-conventions/command-context';
import { GetCaseQuery, pointInTimeOf } from './get-case.query.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    summary:
      "Read a case, folded from its events at the time of the read, with each SLA clock's status, due instant, " +
      'warning instant and time left. ETag is its revision. With `asOf` or `atRevision`, the case as it stood ' +
      'then: folded from its events up to that point (never from a read model), clocks evaluated at that instant.',
  })
  @ApiOkResponse({ type: CaseResponse, description: 'The case with its clocks.', headers: READ_ETAG_HEADER })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @IdParam('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
    @Query() query: GetCaseQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    // Account-bound keys see another account's case as absent, so case ids do not leak.
    // `consistentWith` needs no wait here: the case is folded from its stream, which already holds
    // every write that returned. It stays accepted so a client can send it to every read route alike.
    const scope = readScope(principal);
    const { view, revision } = await this.queryBus.execute<GetCase, QueryResult<CaseView>>(
      new GetCase(caseId, { scope }, pointInTimeOf(query)),
    );
    void reply.header('etag', etagOf(revision));
    // The view was folded for this request alone: extend it rather than copy its thirty fields.
    return Object.assign(view, { revision: revision.toString() });
  }
}
