import { CommandHandler } from '@nestjs/cqrs';
import { Contract, ContactNotAuthorised, SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CONTRACTS, SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { actingContactId } from '../case-actor';
import { CaseCommandHandler } from '../case-command-handler';
import { ProvideInformation } from './provide-information.command';

/** Prepared: the contact who answers, checked against the contract as it is now. */
@CommandHandler(ProvideInformation)
export class ProvideInformationHandler extends CaseCommandHandler<ProvideInformation, string> {
  protected override async prepare({ targetId, input, context }: ProvideInformation): Promise<string> {
    const own = actingContactId(context);
    if (own !== undefined && input.contactId !== undefined && input.contactId !== own) throw new ContactNotAuthorised(input.contactId);
    const { aggregate: supportCase } = await this.repository.get(SUPPORT_CASES, targetId, context);
    const contactId = own ?? input.contactId ?? supportCase.contactId;
    const { aggregate: contract } = await this.repository.get<Contract>(CONTRACTS, supportCase.contractId, context);
    if (!contract.isAuthorisedContact(contactId)) throw new ContactNotAuthorised(contactId);
    return contactId;
  }

  protected decide(supportCase: SupportCase, { input }: ProvideInformation, now: DateTime, contactId: string): void {
    supportCase.provideInformation({ contactId, answer: input.answer, at: now });
  }
}
