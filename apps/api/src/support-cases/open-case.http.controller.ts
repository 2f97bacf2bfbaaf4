import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenCase, WriteResult } from '@caseledger/application';
import type { CaseCategory } from '@caseledger/domain';
import type { Channel, Criticality, Priority } from '@caseledger/sla';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { WRITE_RESPONSE_HEADERS } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { OpenCaseRequest } from './open-case.request.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class OpenCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Roles('customer', 'agent', 'admin', 'integration')
  @ApiOperation({
    summary:
      'Open a case under a contract: an authorised contact, a channel the plan allows, a priority and criticality. The SLA clocks start at receipt.',
  })
  @ApiCreatedResponse({
    type: WriteResponse,
    headers: WRITE_RESPONSE_HEADERS,
    description: 'Opened. Location names the case; ETag is its revision.',
  })
  @ApiProblemResponses(400, 404, 409, 413, 415, 422, 503)
  async open(
    @Body() body: OpenCaseRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // Only a customer key carries its own contact; everyone else files for a named one.
    if (principal.contactId === undefined && body.contactId === undefined) {
      throw validationProblem([
        { field: 'contactId', message: 'contactId is required unless the key is a customer key' },
      ]);
    }
    const command = new OpenCase(
      {
        contractId: body.contractId,
        contactId: body.contactId,
        channel: body.channel as Channel,
        subject: body.subject,
        description: body.description,
        category: body.category as CaseCategory,
        priority: body.priority as Priority,
        criticality: body.criticality as Criticality,
        vitalInformation: body.vitalInformation === undefined ? undefined : { ...body.vitalInformation },
        receivedAt: body.receivedAt === undefined ? undefined : DateTime.fromISO(body.receivedAt, { zone: 'utc' }),
      },
      commandContext(principal, request),
    );
    const result = await this.commandBus.execute<OpenCase, WriteResult & { caseId: string }>(command);
    return answerWrite(reply, result.caseId, result, `/v1/cases/${result.caseId}`);
  }
}
