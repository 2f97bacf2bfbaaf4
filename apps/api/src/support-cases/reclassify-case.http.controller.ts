import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReclassifyCase, WriteResult } from '@caseledger/application';
import type { Criticality, Priority } from '@caseledger/sla';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { ReclassifyCaseRequest } from './reclassify-case.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class ReclassifyCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/reclassifications')
  @HttpCode(200)
  @Roles('agent', 'tam', 'admin', 'integration')
  @ApiOperation({
    summary:
      "Change priority or criticality; the old class's clocks stop and the new class's start now (or from receipt when retroactive).",
  })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async reclassify(
    @IdParam('caseId') caseId: string,
    @Body() body: ReclassifyCaseRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new ReclassifyCase(
      caseId,
      {
        priority: body.priority as Priority | undefined,
        criticality: body.criticality as Criticality | undefined,
        retroactive: body.retroactive,
        reason: body.reason,
      },
      commandContext(principal, request),
      expectedRevision,
    );
    return answerWrite(reply, caseId, await this.commandBus.execute<ReclassifyCase, WriteResult>(command));
  }
}
