import { CommandHandler } from '@nestjs/cqrs';
import { ContactNotAuthorised, SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { actingContactId, requireAuthorisedContact } from '../case-actor';
import { CaseCommandHandler } from '../case-command-handler';
import { ProvideInformation } from './provide-information.command';

/** Prepared: the contact who answers, checked against the contract as it is now. */
@CommandHandler(ProvideInformation)
export class ProvideInformationHandler extends CaseCommandHandler<ProvideInformation, string> {
  protected override async prepare(
    { input, context }: ProvideInformation,
    _now: DateTime,
    supportCase: SupportCase,
  ): Promise<string> {
    const own = actingContactId(context);
    if (own !== undefined && input.contactId !== undefined && input.contactId !== own)
      throw new ContactNotAuthorised(input.contactId);
    const contactId = own ?? input.contactId ?? supportCase.contactId;
    await requireAuthorisedContact(this.repository, supportCase, contactId, context);
    return contactId;
  }

  protected decide(supportCase: SupportCase, command: ProvideInformation, now: DateTime, contactId: string): void {
    supportCase.provideInformation({ contactId, answer: command.input.answer, ...this.actionInstant(command, now) });
  }
}
