import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { RespondToCase } from './respond-to-case.command';

@CommandHandler(RespondToCase)
export class RespondToCaseHandler extends CaseCommandHandler<RespondToCase> {
  protected decide(supportCase: SupportCase, command: RespondToCase, now: DateTime): void {
    const { input, context } = command;
    supportCase.respond({
      agentId: input.agentId ?? context.actor.id,
      message: input.message,
      ...this.actionInstant(command, now),
    });
  }
}
