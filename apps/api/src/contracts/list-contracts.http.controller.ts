/** The contract list (`GET /v1/contracts`) over the account directory read model. */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonalDataVault } from '@caseledger/application';
import { SqlClient } from '@caseledger/event-store';
import { listContracts } from '@caseledger/read-models';
import { STATE_DB } from '@caseledger/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { accountScope } from '../projections/account-scope';
import { withCursorCheck } from '../projections/invalid-cursor';
import { answerPage } from '../projections/paged-answer';
import { ReadConsistency } from '../projections/read-consistency';
import { DEFAULT_PAGE_SIZE } from '../projections/read-query.dto';
import { ContractListingResponse, ContractPageResponse } from './contract-listing.response.dto';
import { ListContractsQuery } from './list-contracts.query.dto';

export const ACCOUNT_DIRECTORY = 'account_directory';

@ApiTags('contracts')
@ApiProtectedRoute()
@Controller('contracts')
export class ListContractsHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    private readonly consistency: ReadConsistency,
    private readonly personalData: PersonalDataVault,
  ) {}

  @Get()
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    summary:
      "List contracts by account, plan and status, newest signed first; a bound key sees its own account's only.",
    description:
      "Served from the account_directory read model. Pass a write's position as consistentWith to see that write. " +
      'Answers X-Read-Position and, when there is a next page, a Link header.',
  })
  @ApiOkResponse({
    type: ContractPageResponse,
    description: 'One page of contracts; `next` (and Link) give the following page.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 503)
  async list(
    @Query() query: ListContractsQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContractPageResponse> {
    const accountId = accountScope(principal, query.account);
    await this.consistency.await(ACCOUNT_DIRECTORY, query.consistentWith, request, reply);
    const page = await withCursorCheck(() =>
      listContracts(
        this.sql,
        { accountId, planId: query.plan, status: query.status },
        { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor },
      ),
    );
    const contacts = await this.personalData.revealContacts(page.items.flatMap((c) => c.authorisedContacts));
    let next = 0;
    const items = page.items.map((c) => ({
      ...c,
      authorisedContacts: c.authorisedContacts.map(() => contacts[next++]),
    }));
    return answerPage(request, reply, { ...page, items }, ContractListingResponse.of);
  }
}
