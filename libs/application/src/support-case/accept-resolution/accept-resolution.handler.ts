import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { sideOf } from '../case-actor';
import { CaseCommandHandler } from '../case-command-handler';
import { AcceptResolution } from './accept-resolution.command';

@CommandHandler(AcceptResolution)
export class AcceptResolutionHandler extends CaseCommandHandler<AcceptResolution> {
  protected decide(supportCase: SupportCase, { context }: AcceptResolution, now: DateTime): void {
    supportCase.acceptResolution({ by: sideOf(context), actorId: context.actor.id, at: now });
  }
}
