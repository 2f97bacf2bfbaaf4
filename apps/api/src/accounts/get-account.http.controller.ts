/**
 * `GET /v1/accounts/{accountId}`: an account at a glance (its contracts, its TAM, its authorised
 * contacts and how many cases it has open), from the account directory read model.
 */
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonalDataVault } from '@caseledger/application';
import { SqlClient } from '@caseledger/event-store';
import { getAccountOverview } from '@caseledger/read-models';
import { STATE_DB } from '@caseledger/runtime';
import { PRIORITIES } from '@caseledger/sla';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { AccountNotVisible } from '../auth/resource-tenancy';
import { ACCOUNT_DIRECTORY } from '../contracts/list-contracts.http.controller';
import { AccountIdParam } from '../http-conventions/id-param.decorator';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ReadConsistency } from '../projections/read-consistency';
import { ConsistentReadQuery } from '../projections/read-query.dto';
import { AccountResponse } from './account.response.dto';

@ApiTags('accounts')
@ApiProtectedRoute()
@Controller('accounts')
export class GetAccountHttpController {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    private readonly consistency: ReadConsistency,
    private readonly personalData: PersonalDataVault,
  ) {}

  @Get(':accountId')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    summary: 'An account: its contracts, its TAM, its authorised contacts and its open cases by priority.',
    description:
      'Served from the account_directory read model. A key bound to another account gets 404, as for an account the ' +
      "directory does not know. Pass a write's position as consistentWith to see that write; answers X-Read-Position.",
  })
  @ApiOkResponse({
    type: AccountResponse,
    description: 'The account with its contracts, TAM, authorised contacts and open cases.',
    headers: READ_MODEL_RESPONSE_HEADERS,
  })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @AccountIdParam() accountId: string,
    @Query() query: ConsistentReadQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountResponse> {
    // The guard already answers 404 to a bound key naming another account; kept here so the rule holds on its own.
    if (principal.accountId !== undefined && principal.accountId !== accountId) throw new AccountNotVisible();
    await this.consistency.await(ACCOUNT_DIRECTORY, query.consistentWith, request, reply);
    const account = await getAccountOverview(this.sql, accountId, PRIORITIES);
    if (!account) throw new AccountNotVisible();
    // The directory keeps contacts sealed as the events carry them; they are opened (or "[erased]") here.
    const authorisedContacts = await this.personalData.revealContacts(account.authorisedContacts);
    return AccountResponse.of({ ...account, authorisedContacts });
  }
}
