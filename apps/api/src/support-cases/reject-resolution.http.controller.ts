import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RejectResolution, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { RejectResolutionRequest } from './reject-resolution.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class RejectResolutionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/resolution-proposals/rejection')
  @HttpCode(200)
  @Roles('customer', 'agent', 'tam', 'admin')
  @ApiOperation({ summary: "Reject the other side's proposal; work on the case continues." })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async rejectResolution(
    @IdParam('caseId') caseId: string,
    @Body() body: RejectResolutionRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new RejectResolution(
      caseId,
      { reason: body.reason },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<RejectResolution, WriteResult>(command));
  }
}
