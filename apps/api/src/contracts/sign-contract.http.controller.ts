import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignContract } from '@caseledger/application';
import type { WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { SignContractRequest } from './sign-contract.request.dto';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class SignContractHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'integration')
  @ApiOperation({
    summary: 'Sign a contract: an account, a support plan, a service time zone, target overrides and a term.',
  })
  @ApiCreatedResponse({
    type: WriteResponse,
    description: 'Signed. Location names the contract; ETag is its revision.',
  })
  @ApiProblemResponses(400, 409, 413, 415, 422, 503)
  async sign(
    @Body() body: SignContractRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const result = await this.commandBus.execute<SignContract, WriteResult & { contractId: string }>(
      new SignContract(
        {
          accountId: body.accountId,
          planId: body.planId,
          serviceTimeZone: body.serviceTimeZone,
          calendar: body.calendar,
          targetOverrides: body.targetOverrides as SignContract['input']['targetOverrides'],
          planOverrides:
            body.authorisedContactLimit === undefined
              ? undefined
              : { authorisedContactLimit: body.authorisedContactLimit },
          startsAt: utc(body.startsAt),
          endsAt: body.endsAt === undefined ? undefined : utc(body.endsAt),
        },
        commandContext(principal, request),
      ),
    );
    return answerWrite(reply, result.contractId, result, `/v1/contracts/${result.contractId}`);
  }
}
