import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { RequestInformation } from './request-information.command';

@CommandHandler(RequestInformation)
export class RequestInformationHandler extends CaseCommandHandler<RequestInformation> {
  protected decide(supportCase: SupportCase, { input, context }: RequestInformation, now: DateTime): void {
    supportCase.requestInformation({ agentId: input.agentId ?? context.actor.id, question: input.question, at: now });
  }
}
