/**
 * Every command the application runs goes through the one CommandBus, whichever controller, saga or
 * deadline watcher sends it, so that is where `caseledger_commands_total` and the duration histogram
 * are taken: no handler can forget to record, and none has to know metrics exist.
 */
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AggregateAlreadyExists, RevisionMismatch } from '@caseledger/application';
import { DomainError } from '@caseledger/domain';
import { EventIdConflict, WrongExpectedVersion } from '@caseledger/event-store';
import { ProblemDetailsFilter } from '../problem-details/problem-details.filter';
import { CommandMetrics, type CommandOutcome } from './command-metrics';

/** Only the status matters here, and the status does not depend on the Retry-After setting. */
const problems = new ProblemDetailsFilter(0);

/**
 * `conflict`: a concurrent writer or a stale If-Match (409/412 from the write path); `refused`: a
 * domain rule or any other answer the caller can act on (4xx); `failed`: the rest (5xx, store down).
 */
export function commandOutcomeOf(error: unknown): CommandOutcome {
  if (
    error instanceof RevisionMismatch ||
    error instanceof WrongExpectedVersion ||
    error instanceof EventIdConflict ||
    error instanceof AggregateAlreadyExists
  )
    return 'conflict';
  if (error instanceof DomainError) return 'refused';
  const { status } = problems.toProblem(error).problem;
  if (status === 409 || status === 412) return 'conflict';
  return status >= 400 && status < 500 ? 'refused' : 'failed';
}

@Injectable()
export class CommandBusMetrics implements OnModuleInit {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CommandMetrics) private readonly metrics: CommandMetrics,
  ) {}

  onModuleInit(): void {
    const bus = this.commandBus;
    const execute = bus.execute.bind(bus) as (command: object, ...rest: unknown[]) => Promise<unknown>;
    const metrics = this.metrics;
    bus.execute = function measuredExecute(command: object, ...rest: unknown[]) {
      return metrics.measure(command.constructor.name, () => execute(command, ...rest), commandOutcomeOf);
    };
  }
}
