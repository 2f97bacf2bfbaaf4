import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AuthorisedContactNotFound,
  ContactPersonalDataErased,
  Contract,
  PersonalDataAlreadyErased,
} from '@caseledger/domain';
import { CLOCK, Clock } from '../../clock/clock';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { EraseContactPersonalData } from './erase-contact-personal-data.command';

/**
 * Crypto-shredding: no event changes. The key goes first, so from that moment nothing of the
 * contact reads back, whatever happens next; then `ContactPersonalDataErased` puts the erasure on
 * the contract's record. A repeat destroys nothing more and answers the erasure already recorded;
 * a repeat after a crash between the two steps records the event it missed.
 */
@CommandHandler(EraseContactPersonalData)
export class EraseContactPersonalDataHandler implements ICommandHandler<EraseContactPersonalData, WriteResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly personalData: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ targetId, input, context, expectedRevision }: EraseContactPersonalData): Promise<WriteResult> {
    const { contactId } = input;
    const { aggregate: contract } = await this.repository.get<Contract>(CONTRACTS, targetId, context);
    if (!contract.hasKnownContact(contactId)) throw new AuthorisedContactNotFound(contactId);
    await this.personalData.erase({ contractId: contract.id, contactId });
    if (!contract.isPersonalDataErased(contactId)) {
      try {
        return await this.repository.update(
          CONTRACTS,
          targetId,
          (fresh) => fresh.erasePersonalData({ contactId, at: this.clock.now() }),
          context,
          { expectedRevision },
        );
      } catch (error) {
        // A concurrent request recorded it first: answer that one.
        if (!(error instanceof PersonalDataAlreadyErased)) throw error;
      }
    }
    const earlier = await this.repository.lastRecorded(
      CONTRACTS,
      targetId,
      (record) =>
        record.type === ContactPersonalDataErased.type &&
        (record.data as ContactPersonalDataErased['data']).contactId === contactId,
    );
    if (!earlier) throw new Error(`contract ${targetId} says ${contactId} was erased but records no erasure`);
    return earlier;
  }
}
