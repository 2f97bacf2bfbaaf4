import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProposeResolution, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { ProposeResolutionRequest } from './propose-resolution.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class ProposeResolutionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/resolution-proposals')
  @HttpCode(200)
  @Roles('customer', 'agent', 'tam', 'admin')
  @ApiOperation({
    summary:
      "Propose that the issue is resolved; the side is the caller's (customer key: customer, staff: vendor) and the other side must accept.",
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async proposeResolution(
    @IdParam('caseId') caseId: string,
    @Body() body: ProposeResolutionRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new ProposeResolution(
      caseId,
      { summary: body.summary },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<ProposeResolution, WriteResult>(command));
  }
}
