import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { ReclassifyCase } from './reclassify-case.command';

@CommandHandler(ReclassifyCase)
export class ReclassifyCaseHandler extends CaseCommandHandler<ReclassifyCase> {
  protected decide(supportCase: SupportCase, { input }: ReclassifyCase, now: DateTime): void {
    supportCase.reclassify({ ...input, at: now });
  }
}
