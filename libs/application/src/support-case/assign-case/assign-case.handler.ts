import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { AssignCase } from './assign-case.command';

@CommandHandler(AssignCase)
export class AssignCaseHandler extends CaseCommandHandler<AssignCase> {
  protected decide(supportCase: SupportCase, { input }: AssignCase, now: DateTime): void {
    supportCase.assign({ agentId: input.agentId, at: now });
  }
}
