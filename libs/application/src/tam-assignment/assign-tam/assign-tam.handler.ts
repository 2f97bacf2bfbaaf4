import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../clock/clock';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { AssignTam } from './assign-tam.command';

/** The first assignment starts the account's stream; after an unassignment the same stream goes on. */
@CommandHandler(AssignTam)
export class AssignTamHandler implements ICommandHandler<AssignTam, WriteResult> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // The instant is taken inside each attempt, after the state it extends was read (see AggregateCommandHandler).
  async execute({ targetId: accountId, input, context, expectedRevision }: AssignTam): Promise<WriteResult> {
    const existing = await this.repository.load(TAM_ASSIGNMENTS, accountId);
    if (!existing) {
      return this.repository.create(
        TAM_ASSIGNMENTS,
        accountId,
        (assignment) => assignment.assign({ accountId, tam: input.tam, at: this.clock.now() }),
        context,
      );
    }
    return this.repository.update(
      TAM_ASSIGNMENTS,
      accountId,
      (assignment) => assignment.assign({ accountId, tam: input.tam, at: this.clock.now() }),
      context,
      {
        expectedRevision,
      },
    );
  }
}
