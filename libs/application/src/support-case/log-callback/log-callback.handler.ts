import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { LogCallback } from './log-callback.command';

@CommandHandler(LogCallback)
export class LogCallbackHandler extends CaseCommandHandler<LogCallback> {
  protected decide(supportCase: SupportCase, { input, context }: LogCallback, now: DateTime): void {
    supportCase.logCallback({ agentId: input.agentId ?? context.actor.id, at: now });
  }
}
