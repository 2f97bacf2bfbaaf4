import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OpenCaseFromHotlineCall, WriteResult } from '@caseledger/application';
import type { CaseCategory } from '@caseledger/domain';
import type { Priority } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandRoute } from './case-command-route';
import { OpenCaseFromHotlineCallRequest } from './open-case-from-hotline-call.request.dto';

@CaseCommandController()
export class OpenCaseFromHotlineCallHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @CaseCommandRoute({
    path: 'hotline-calls',
    creates: true,
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Open a critical case from a Severity-1 hotline call (the SparkPost procedure): the call is logged and the ' +
      '15-minute callback clock starts at once.',
    answer: 'Opened. Location names the case; ETag is its revision.',
    problems: [400, 404, 409, 413, 415, 422, 503],
  })
  async openFromHotlineCall(
    @Body() body: OpenCaseFromHotlineCallRequest,
    @WriteContext({ ifMatch: false }) write: WriteContext,
  ): Promise<Written> {
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
      write.context,
    );
    const result = await this.commandBus.execute<OpenCaseFromHotlineCall, WriteResult & { caseId: string }>(command);
    return { id: result.caseId, result, location: `/v1/cases/${result.caseId}` };
  }
}
