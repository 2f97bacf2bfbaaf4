/**
 * The shape shared by every command on an existing aggregate, and the handler that runs it through
 * the one write path. A use case then only says which aggregate it targets and what it decides.
 */
import { Inject } from '@nestjs/common';
import type { AggregateRoot, ICommandHandler } from '@nestjs/cqrs';
import type { DateTime } from 'luxon';
import { CLOCK, Clock } from '../clock/clock';
import type { AggregateKind } from './aggregate-kinds';
import { AggregateRepository, WriteResult } from './aggregate-repository';
import type { CommandContext } from './command-context';

export abstract class AggregateCommand<Input> {
  constructor(
    /** The aggregate's id (for a TAM assignment: the account id). */
    readonly targetId: string,
    readonly input: Input,
    readonly context: CommandContext,
    /** From If-Match: the revision the caller based its decision on. */
    readonly expectedRevision?: bigint,
  ) {}
}

export abstract class AggregateCommandHandler<
  A extends AggregateRoot,
  C extends AggregateCommand<unknown>,
  Prepared = void,
> implements ICommandHandler<AggregateCommand<unknown>, WriteResult> {
  protected abstract readonly kind: AggregateKind<A>;

  constructor(
    protected readonly repository: AggregateRepository,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  /**
   * Reads what the decision needs from other aggregates (who is the TAM now, the contract's
   * contacts), given the aggregate just loaded, so nothing reads it a second time. Deciding itself
   * stays synchronous on the loaded state, as in the aggregate.
   */
  protected prepare(_command: C, _now: DateTime, _aggregate: A): Promise<Prepared> {
    return Promise.resolve(undefined as Prepared);
  }

  protected abstract decide(aggregate: A, command: C, now: DateTime, prepared: Prepared): void;

  async execute(command: C): Promise<WriteResult> {
    return this.repository.update(
      this.kind,
      command.targetId,
      // The instant is taken after the state it decides on was read, on every optimistic attempt:
      // a writer that got in first recorded an earlier instant, so a concurrent command is retried,
      // never refused as out of order.
      async (aggregate) => {
        const now = this.clock.now();
        this.decide(aggregate, command, now, await this.prepare(command, now, aggregate));
      },
      command.context,
      { expectedRevision: command.expectedRevision },
    );
  }
}
