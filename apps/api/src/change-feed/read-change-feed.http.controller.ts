/**
 * The change feed (`GET /v1/events`): the log of every event after a position, for integrators that
 * pull rather than receive webhooks. Read from the event store's `$all`, not from a read model.
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangeFeedPage, ReadChangeFeed } from '@caseledger/application';
import { formatPosition, parsePosition } from '@caseledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { readScope } from '../http-conventions/command-context';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ChangeFeedEventResponse, ChangeFeedPageResponse } from './change-feed.response.dto';
import { CHANGE_FEED_DEFAULT_LIMIT, ReadChangeFeedQuery } from './read-change-feed.query.dto';

@ApiTags('events')
@ApiProtectedRoute()
@Controller('events')
export class ReadChangeFeedHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('admin', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'The events after a position, in log order, under their public types: a change feed to poll.',
    description:
      "Pages through the event log by position: pass each answer's `nextAfter` as the next `after`. The log " +
      'is read from the event store, so an event shows once every write that started before it has ' +
      'finished: a position handed out is never passed by an event committed later, and polling from it ' +
      "misses nothing. A customer key, or an integration key bound to an account, sees only its account's " +
      'events; the cursor still moves past the others. Answers a Link header when more may follow at once.',
  })
  @ApiOkResponse({
    type: ChangeFeedPageResponse,
    description: 'A page of events, possibly empty, with the position to read on from.',
    headers: {
      Link: {
        description: 'The next read as `<url>; rel="next"`, sent when `caughtUp` is false.',
        schema: { type: 'string', example: '</v1/events?after=1042-9>; rel="next"' },
      },
    },
  })
  @ApiProblemResponses(400, 503)
  async read(
    @Query() query: ReadChangeFeedQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChangeFeedPageResponse> {
    const page = await this.queryBus.execute<ReadChangeFeed, ChangeFeedPage>(
      new ReadChangeFeed(
        { scope: readScope(principal) },
        {
          after: query.after === undefined ? undefined : parsePosition(query.after),
          types: query.types,
          limit: query.limit ?? CHANGE_FEED_DEFAULT_LIMIT,
        },
      ),
    );
    const nextAfter = page.cursor === undefined ? query.after : formatPosition(page.cursor);
    const next = nextAfter === undefined ? undefined : nextRead(request, nextAfter);
    if (next !== undefined && !page.caughtUp) void reply.header('link', `<${next}>; rel="next"`);
    return {
      items: page.entries.map(ChangeFeedEventResponse.of),
      ...(nextAfter !== undefined && { nextAfter }),
      ...(next !== undefined && { next }),
      caughtUp: page.caughtUp,
    };
  }
}

function nextRead(request: FastifyRequest, after: string): string {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('after', after);
  return `${url.pathname}${url.search}`;
}
