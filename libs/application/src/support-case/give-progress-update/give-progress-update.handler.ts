import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { GiveProgressUpdate } from './give-progress-update.command';

@CommandHandler(GiveProgressUpdate)
export class GiveProgressUpdateHandler extends CaseCommandHandler<GiveProgressUpdate> {
  protected decide(supportCase: SupportCase, command: GiveProgressUpdate, now: DateTime): void {
    const { input, context } = command;
    supportCase.giveProgressUpdate({
      agentId: input.agentId ?? context.actor.id,
      message: input.message,
      ...this.actionInstant(command, now),
    });
  }
}
