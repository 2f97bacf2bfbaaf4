import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../clock/clock';
import { ID_GENERATOR, IdGenerator } from '../../ids/uuid-v7';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { newAggregateId } from '../../write-path/idempotent-ids';
import { SignContract } from './sign-contract.command';

@CommandHandler(SignContract)
export class SignContractHandler implements ICommandHandler<SignContract, WriteResult & { contractId: string }> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, context }: SignContract): Promise<WriteResult & { contractId: string }> {
    const contractId = newAggregateId(this.ids, context, 'contract');
    const now = this.clock.now();
    const result = await this.repository.create(
      CONTRACTS,
      contractId,
      (contract) => contract.sign({ ...input, contractId, now }),
      context,
    );
    return { ...result, contractId };
  }
}
