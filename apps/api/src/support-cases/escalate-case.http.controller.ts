import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EscalateCase, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { EscalateCaseRequest } from './escalate-case.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class EscalateCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/escalations')
  @HttpCode(200)
  @Roles('agent', 'tam', 'admin', 'customer')
  @ApiOperation({
    summary:
      "Escalate to the TAM (whoever holds the account's assignment at this instant), to tier 2 or to engineering.",
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async escalate(
    @IdParam('caseId') caseId: string,
    @Body() body: EscalateCaseRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new EscalateCase(
      caseId,
      { to: body.to, reason: body.reason },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<EscalateCase, WriteResult>(command));
  }
}
