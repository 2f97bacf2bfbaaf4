import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../clock/clock';
import { ID_GENERATOR, IdGenerator } from '../../ids/uuid-v7';
import { CONTRACTS, SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { openingContact } from '../open-case/opening-contact';
import { OpenCaseFromHotlineCall } from './open-case-from-hotline-call.command';

@CommandHandler(OpenCaseFromHotlineCall)
export class OpenCaseFromHotlineCallHandler implements ICommandHandler<OpenCaseFromHotlineCall, WriteResult & { caseId: string }> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, context }: OpenCaseFromHotlineCall): Promise<WriteResult & { caseId: string }> {
    const now = this.clock.now();
    const contactId = openingContact(context, input.contactId);
    const { aggregate: contract } = await this.repository.get(CONTRACTS, input.contractId, context);
    const caseId = this.ids.next();
    const { contractId: _contractId, contactId: _named, ...details } = input;
    const result = await this.repository.create(
      SUPPORT_CASES,
      caseId,
      (supportCase) => supportCase.openFromHotlineCall({ ...details, caseId, contactId, terms: contract.termsAt(input.receivedAt ?? now), now }),
      context,
    );
    return { ...result, caseId };
  }
}
