import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenCaseFromHotlineCall, WriteResult } from '@caseledger/application';
import type { CaseCategory } from '@caseledger/domain';
import type { Priority } from '@caseledger/sla';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { OpenCaseFromHotlineCallRequest } from './open-case-from-hotline-call.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class OpenCaseFromHotlineCallHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('hotline-calls')
  @HttpCode(HttpStatus.CREATED)
  @Roles('agent', 'tam', 'admin', 'integration')
  @ApiOperation({
    summary:
      'Open a critical case from a Severity-1 hotline call (the SparkPost procedure): the call is logged and the 15-minute callback clock starts at once.',
  })
  @ApiCreatedResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Opened. Location names the case; ETag is its revision.',
  })
  @ApiProblemResponses(400, 404, 409, 413, 415, 422, 503)
  async openFromHotlineCall(
    @Body() body: OpenCaseFromHotlineCallRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new OpenCaseFromHotlineCall(
      {
        contractId: body.contractId,
        contactId: body.contactId,
        vitalInformation: { ...body.vitalInformation },
        priority: body.priority as Priority | undefined,
        category: body.category as CaseCategory | undefined,
        subject: body.subject,
        receivedAt: body.receivedAt === undefined ? undefined : DateTime.fromISO(body.receivedAt, { zone: 'utc' }),
      },
      commandContext(principal, request),
    );
    const result = await this.commandBus.execute<OpenCaseFromHotlineCall, WriteResult & { caseId: string }>(command);
    return answerWrite(reply, result.caseId, result, `/v1/cases/${result.caseId}`);
  }
}
