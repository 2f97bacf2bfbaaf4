import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../clock/clock';
import { ID_GENERATOR, IdGenerator } from '../../ids/uuid-v7';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { OpenCase } from './open-case.command';
import { openCaseUnderContract } from './open-case-under-contract';

@CommandHandler(OpenCase)
export class OpenCaseHandler implements ICommandHandler<OpenCase, WriteResult & { caseId: string }> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  execute({ input, context }: OpenCase): Promise<WriteResult & { caseId: string }> {
    const now = this.clock.now();
    const { contractId: _contractId, contactId: _named, ...details } = input;
    return openCaseUnderContract(
      { repository: this.repository, ids: this.ids },
      input,
      context,
      now,
      (supportCase, opening) => supportCase.open({ ...details, ...opening, now }),
    );
  }
}
