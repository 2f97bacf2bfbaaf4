import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OpenCase, WriteResult } from '@caseledger/application';
import type { CaseCategory } from '@caseledger/domain';
import type { Channel, Criticality, Priority } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandRoute } from './case-command-route';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { OpenCaseRequest } from './open-case.request.dto';

@CaseCommandController()
export class OpenCaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @CaseCommandRoute({
    creates: true,
    roles: ['customer', 'agent', 'admin', 'integration'],
    summary:
      'Open a case under a contract: an authorised contact, a channel the plan allows, a priority and ' +
      'criticality. The SLA clocks start at receipt.',
    answer: 'Opened. Location names the case; ETag is its revision.',
    problems: [400, 404, 409, 413, 415, 422, 503],
  })
  async open(@Body() body: OpenCaseRequest, @WriteContext({ ifMatch: false }) write: WriteContext): Promise<Written> {
    // Only a customer key carries its own contact; everyone else files for a named one.
    if (write.principal.contactId === undefined && body.contactId === undefined) {
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
      write.context,
    );
    const result = await this.commandBus.execute<OpenCase, WriteResult & { caseId: string }>(command);
    return { id: result.caseId, result, location: `/v1/cases/${result.caseId}` };
  }
}
