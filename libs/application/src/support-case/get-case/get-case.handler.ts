import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseView, caseView } from '@caseledger/domain';
import { CLOCK, Clock } from '../../clock/clock';
import { QueryResult } from '../../read-path/aggregate-query';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { GetCase } from './get-case.query';

/** Folded from the case's stream on every read, with each clock evaluated at the clock's now. */
@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase, QueryResult<CaseView>> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ targetId, context }: GetCase): Promise<QueryResult<CaseView>> {
    const { aggregate, revision } = await this.repository.get(SUPPORT_CASES, targetId, context);
    return { view: caseView(aggregate, this.clock.now()), revision };
  }
}
