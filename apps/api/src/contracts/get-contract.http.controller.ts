import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContractView, GetContract, QueryResult } from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { IdParam } from '../http-conventions/id-param.decorator';
import { etagOf, READ_ETAG_HEADER } from '../http-conventions/write-headers';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ContractResponse } from './contract.response.dto';
import { readScope } from '../http-conventions/command-context';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class GetContractHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':contractId')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({ summary: 'Read a contract, folded from its events (always current). ETag is its revision.' })
  @ApiOkResponse({ type: ContractResponse, description: 'The contract.', headers: READ_ETAG_HEADER })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @IdParam('contractId') contractId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContractResponse> {
    const scope = readScope(principal);
    const { view, revision } = await this.queryBus.execute<GetContract, QueryResult<ContractView>>(
      new GetContract(contractId, { scope }),
    );
    void reply.header('etag', etagOf(revision));
    return { ...view, overrides: { ...view.overrides }, revision: revision.toString() };
  }
}
