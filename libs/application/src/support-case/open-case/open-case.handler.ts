import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../clock/clock';
import { ID_GENERATOR, IdGenerator } from '../../ids/uuid-v7';
import { CONTRACTS, SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { OpenCase } from './open-case.command';
import { openingContact } from './opening-contact';

@CommandHandler(OpenCase)
export class OpenCaseHandler implements ICommandHandler<OpenCase, WriteResult & { caseId: string }> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, context }: OpenCase): Promise<WriteResult & { caseId: string }> {
    const now = this.clock.now();
    const contactId = openingContact(context, input.contactId);
    // Scoped: a customer naming another account's contract gets "contract not found".
    const { aggregate: contract } = await this.repository.get(CONTRACTS, input.contractId, context);
    const caseId = this.ids.next();
    const { contractId: _contractId, contactId: _named, ...details } = input;
    const result = await this.repository.create(
      SUPPORT_CASES,
      caseId,
      (supportCase) => supportCase.open({ ...details, caseId, contactId, terms: contract.termsAt(input.receivedAt ?? now), now }),
      context,
    );
    return { ...result, caseId };
  }
}
