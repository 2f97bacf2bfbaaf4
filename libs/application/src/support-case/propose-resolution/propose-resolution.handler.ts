import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { sideOf } from '../case-actor';
import { CaseCommandHandler } from '../case-command-handler';
import { ProposeResolution } from './propose-resolution.command';

@CommandHandler(ProposeResolution)
export class ProposeResolutionHandler extends CaseCommandHandler<ProposeResolution> {
  protected decide(supportCase: SupportCase, { input, context }: ProposeResolution, now: DateTime): void {
    supportCase.proposeResolution({ by: sideOf(context), actorId: context.actor.id, summary: input.summary, at: now });
  }
}
