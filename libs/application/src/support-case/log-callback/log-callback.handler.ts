import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { LogCallback } from './log-callback.command';

@CommandHandler(LogCallback)
export class LogCallbackHandler extends CaseCommandHandler<LogCallback> {
  protected decide(supportCase: SupportCase, command: LogCallback, now: DateTime): void {
    supportCase.logCallback({
      agentId: command.input.agentId ?? command.context.actor.id,
      ...this.actionInstant(command, now),
    });
  }
}
