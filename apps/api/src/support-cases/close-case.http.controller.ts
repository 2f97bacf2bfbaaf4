import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloseCase, WriteResult } from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class CloseCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/closure')
  @HttpCode(200)
  @Roles('agent', 'admin')
  @ApiOperation({ summary: 'Close a resolved case; nothing more can happen to it.' })
  @ApiOkResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Recorded. ETag is the case revision.',
  })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  async close(
    @IdParam('caseId') caseId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new CloseCase(caseId, {}, commandContext(principal, request), expectedRevision);
    return answerWrite(reply, caseId, await this.commandBus.execute<CloseCase, WriteResult>(command));
  }
}
