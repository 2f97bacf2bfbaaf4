import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestInformation, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { RequestInformationRequest } from './request-information.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class RequestInformationHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/information-requests')
  @HttpCode(200)
  @Roles('agent', 'tam', 'admin', 'integration')
  @ApiOperation({
    summary:
      'Ask the customer for information; the case awaits the customer and the clocks the plan pauses stop counting.',
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async requestInformation(
    @IdParam('caseId') caseId: string,
    @Body() body: RequestInformationRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new RequestInformation(
      caseId,
      { question: body.question, agentId: body.agentId },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<RequestInformation, WriteResult>(command));
  }
}
