import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { ReopenCase } from './reopen-case.command';

@CommandHandler(ReopenCase)
export class ReopenCaseHandler extends CaseCommandHandler<ReopenCase> {
  protected decide(supportCase: SupportCase, { input }: ReopenCase, now: DateTime): void {
    supportCase.reopen({ reason: input.reason, at: now });
  }
}
