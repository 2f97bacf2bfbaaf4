import { Readable } from 'node:stream';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  CaseHistoryPage,
  caseAuditLines,
  EVENT_STORE,
  GetCaseHistory,
  PersonalDataVault,
} from '@caseledger/application';
import type { EventStore } from '@caseledger/event-store';
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
import {
  AuditExportLineResponse,
  CaseChainResponse,
  CaseHistoryEntryResponse,
  CaseHistoryPageResponse,
} from './case-history.response.dto';

const HISTORY_ORDER = 'revision:asc';
const NDJSON = 'application/x-ndjson';

/** NDJSON only when the client prefers it to JSON (or names it alone). */
function wantsNdjson(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string): number => {
    for (const part of accept.split(',')) {
      const [name, ...params] = part.trim().split(';');
      if (name.trim().toLowerCase() !== type) continue;
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return q ? Number(q[1]) : 1;
    }
    return 0;
  };
  const ndjson = quality(NDJSON);
  return ndjson > 0 && ndjson >= quality('application/json');
}

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
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataVault,
  ) {}

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
  @ApiExtraModels(CaseHistoryPageResponse, AuditExportLineResponse)
  @ApiOkResponse({
    description:
      'JSON: a page of the history with the chain verdict. With `Accept: application/x-ndjson`: the whole case ' +
      '(or the `from`/`to` window, as one contiguous run of revisions) as the audit export writes it, one event ' +
      'a line with its chain hash and what the hash covers; `limit`, `cursor` and `type` do not apply.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CaseHistoryPageResponse) } },
      [NDJSON]: { schema: { $ref: getSchemaPath(AuditExportLineResponse) } },
    },
  })
  @ApiProblemResponses(400, 404, 503)
  async history(
    @IdParam('caseId') caseId: string,
    @Query() query: CaseHistoryQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseHistoryPageResponse | Readable> {
    if (wantsNdjson(request.headers.accept)) {
      const lines = await caseAuditLines(this.store, caseId, { scope: readScope(principal) }, this.personalData, query);
      void reply.header('content-type', `${NDJSON}; charset=utf-8`);
      return Readable.from(lines.map((line) => `${JSON.stringify(line)}\n`));
    }
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
    return {
      ...answerPage(request, reply, { items: page.entries, next }, CaseHistoryEntryResponse.of),
      chain: CaseChainResponse.of(page.chain),
    };
  }
}
