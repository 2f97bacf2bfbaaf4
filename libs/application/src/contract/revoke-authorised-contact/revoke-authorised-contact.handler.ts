import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { RevokeAuthorisedContact } from './revoke-authorised-contact.command';

@CommandHandler(RevokeAuthorisedContact)
export class RevokeAuthorisedContactHandler extends AggregateCommandHandler<Contract, RevokeAuthorisedContact> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: RevokeAuthorisedContact, now: DateTime): void {
    contract.revokeAuthorisedContact({ contactId: input.contactId, at: now });
  }
}
