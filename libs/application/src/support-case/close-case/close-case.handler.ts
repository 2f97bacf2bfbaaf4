import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { CloseCase } from './close-case.command';

@CommandHandler(CloseCase)
export class CloseCaseHandler extends CaseCommandHandler<CloseCase> {
  protected decide(supportCase: SupportCase, _command: CloseCase, now: DateTime): void {
    supportCase.close({ at: now });
  }
}
