import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { LogHotlineCall } from './log-hotline-call.command';

@CommandHandler(LogHotlineCall)
export class LogHotlineCallHandler extends CaseCommandHandler<LogHotlineCall> {
  protected decide(supportCase: SupportCase, command: LogHotlineCall, now: DateTime): void {
    supportCase.logHotlineCall({
      vitalInformation: command.input.vitalInformation,
      ...this.actionInstant(command, now),
    });
  }
}
