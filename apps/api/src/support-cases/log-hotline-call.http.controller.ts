import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LogHotlineCall, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { LogHotlineCallRequest } from './log-hotline-call.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class LogHotlineCallHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/hotline-calls')
  @HttpCode(200)
  @Roles('agent', 'tam', 'admin', 'integration')
  @ApiOperation({
    summary:
      'Log the Severity-1 hotline call of a critical issue, with the vital information taken; starts the 15-minute callback clock.',
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async logHotlineCall(
    @IdParam('caseId') caseId: string,
    @Body() body: LogHotlineCallRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new LogHotlineCall(
      caseId,
      { vitalInformation: { ...body.vitalInformation } },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<LogHotlineCall, WriteResult>(command));
  }
}
