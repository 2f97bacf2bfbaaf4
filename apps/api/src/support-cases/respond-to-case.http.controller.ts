import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RespondToCase, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { RespondToCaseRequest } from './respond-to-case.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class RespondToCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/responses')
  @HttpCode(200)
  @Roles('agent', 'tam', 'admin', 'integration')
  @ApiOperation({
    summary:
      'Respond to the customer; the first response stops the first-response clock and starts the next-update clock.',
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async respond(
    @IdParam('caseId') caseId: string,
    @Body() body: RespondToCaseRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new RespondToCase(
      caseId,
      { message: body.message, agentId: body.agentId },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<RespondToCase, WriteResult>(command));
  }
}
