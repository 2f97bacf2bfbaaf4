import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { AddAuthorisedContact } from './add-authorised-contact.command';

@CommandHandler(AddAuthorisedContact)
export class AddAuthorisedContactHandler extends AggregateCommandHandler<Contract, AddAuthorisedContact> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: AddAuthorisedContact, now: DateTime): void {
    contract.addAuthorisedContact({ ...input, at: now });
  }
}
