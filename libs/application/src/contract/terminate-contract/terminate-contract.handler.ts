import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { TerminateContract } from './terminate-contract.command';

@CommandHandler(TerminateContract)
export class TerminateContractHandler extends AggregateCommandHandler<Contract, TerminateContract> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: TerminateContract, now: DateTime): void {
    contract.terminate({ reason: input.reason, at: input.at ?? now });
  }
}
