import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseSlaTimeline, GetCaseSlaTimeline } from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { readScope } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { etagOf } from '../http-conventions/write-headers';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { pointInTimeOf } from '../support-cases/get-case.query.dto';
import { CaseSlaTimelineQuery } from './case-sla-timeline.query.dto';
import { CaseSlaTimelineResponse } from './case-sla-timeline.response.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class GetCaseSlaTimelineHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId/sla-timeline')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getCaseSlaTimeline',
    summary: 'The evidence behind each SLA clock of a case: every stretch of time, what the clock did and why.',
    description:
      "Folded from the case's event stream (never a read model). For each clock, the segments from its start to " +
      '`asOf` without gap or overlap: running, paused awaiting the customer, outside business hours, closed for a ' +
      'holiday, stopped; each with the clock event (and the case event it followed) or the calendar rule that ' +
      'began it. The running segments add up to the business time used. With totals, target, due instant and ' +
      "outcome. `asOf` or `atRevision` answer it as it stood then. A customer key reads its own account's cases only.",
  })
  @ApiOkResponse({
    type: CaseSlaTimelineResponse,
    description: "Each clock's segments from its start to the instant read, with their causes, totals and outcome.",
    headers: {
      ETag: { description: 'The last revision folded, quoted.', schema: { type: 'string', example: '"9"' } },
    },
  })
  @ApiProblemResponses(400, 404, 503)
  async timeline(
    @IdParam('caseId') caseId: string,
    @Query() query: CaseSlaTimelineQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseSlaTimelineResponse> {
    const timeline = await this.queryBus.execute<GetCaseSlaTimeline, CaseSlaTimeline>(
      new GetCaseSlaTimeline(caseId, { scope: readScope(principal) }, pointInTimeOf(query)),
    );
    void reply.header('etag', etagOf(timeline.revision));
    return CaseSlaTimelineResponse.of(timeline);
  }
}
