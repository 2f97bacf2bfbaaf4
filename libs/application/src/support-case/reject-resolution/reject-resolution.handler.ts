import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { sideOf } from '../case-actor';
import { CaseCommandHandler } from '../case-command-handler';
import { RejectResolution } from './reject-resolution.command';

@CommandHandler(RejectResolution)
export class RejectResolutionHandler extends CaseCommandHandler<RejectResolution> {
  protected decide(supportCase: SupportCase, { input, context }: RejectResolution, now: DateTime): void {
    supportCase.rejectResolution({ by: sideOf(context), actorId: context.actor.id, reason: input.reason, at: now });
  }
}
