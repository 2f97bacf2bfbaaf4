import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetCase, QueryResult } from '@caseledger/application';
import type { CaseView } from '@caseledger/domain';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { IdParam } from '../http-conventions/id-param.decorator';
import { etagOf } from '../http-conventions/write-headers';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { CaseResponse } from './case.response.dto';
import { readScope } from '../http-conventions/command-context';

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
      'warning instant and time left. ETag is its revision.',
  })
  @ApiOkResponse({
    type: CaseResponse,
    headers: {
      ETag: {
        description: 'The case revision, quoted; send it as If-Match on the next write.',
        schema: { type: 'string', example: '"4"' },
      },
    },
  })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @IdParam('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    // Account-bound keys see another account's case as absent, so case ids do not leak.
    const scope = readScope(principal);
    const { view, revision } = await this.queryBus.execute<GetCase, QueryResult<CaseView>>(
      new GetCase(caseId, { scope }),
    );
    void reply.header('etag', etagOf(revision));
    return { ...view, revision: revision.toString() };
  }
}
