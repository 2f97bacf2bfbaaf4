import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseHistoryPage, GetCaseHistory } from '@caseledger/application';
import { decodeCursor, encodeCursor, InvalidCursor } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { readScope } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { DEFAULT_PAGE_SIZE } from '../projections/read-query.dto';
import { CaseHistoryQuery } from './case-history.query.dto';
import { CaseHistoryEntryResponse, CaseHistoryPageResponse } from './case-history.response.dto';

const HISTORY_ORDER = 'revision:asc';

function afterRevisionOf(cursor: string): bigint {
  const [revision] = decodeCursor(cursor, HISTORY_ORDER, ['text']).key;
  if (revision === null || !/^\d{1,19}$/.test(revision))
    throw new InvalidCursor('cursor is not one this API handed out');
  return BigInt(revision);
}

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class GetCaseHistoryHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId/history')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getCaseHistory',
    summary: 'Every recorded event of a case in order, with its actor, ids, data and a one-line description.',
    description:
      "Read from the case's event stream (never a read model), data upcast to the current schema. Filters by " +
      "event type and by the events' domain instant; cursor pages with a `next` link and a Link header. " +
      "A customer key reads its own account's cases only.",
  })
  @ApiOkResponse({
    type: CaseHistoryPageResponse,
    description: 'One page of the history; `next` (and Link) give the following page.',
  })
  @ApiProblemResponses(400, 404, 503)
  async history(
    @IdParam('caseId') caseId: string,
    @Query() query: CaseHistoryQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseHistoryPageResponse> {
    const afterRevision = await withCursorCheck(() =>
      Promise.resolve(query.cursor === undefined ? undefined : afterRevisionOf(query.cursor)),
    );
    const page = await this.queryBus.execute<GetCaseHistory, CaseHistoryPage>(
      new GetCaseHistory(
        caseId,
        { scope: readScope(principal) },
        { types: query.type, from: query.from, to: query.to },
        { afterRevision, limit: query.limit ?? DEFAULT_PAGE_SIZE },
      ),
    );
    const next =
      page.lastRevision === undefined
        ? undefined
        : encodeCursor({ sort: HISTORY_ORDER, key: [page.lastRevision.toString()] });
    return answerPage(request, reply, { items: page.entries, next }, CaseHistoryEntryResponse.of);
  }
}
