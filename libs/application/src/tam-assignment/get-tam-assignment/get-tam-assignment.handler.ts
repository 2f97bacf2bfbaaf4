import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { TamProfile } from '@caseledger/domain';
import { QueryResult } from '../../read-path/aggregate-query';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { GetTamAssignment } from './get-tam-assignment.query';

export interface TamAssignmentView {
  accountId: string;
  /** Null after an unassignment. */
  tam: TamProfile | null;
}

@QueryHandler(GetTamAssignment)
export class GetTamAssignmentHandler implements IQueryHandler<GetTamAssignment, QueryResult<TamAssignmentView>> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ targetId, context }: GetTamAssignment): Promise<QueryResult<TamAssignmentView>> {
    const { aggregate, revision } = await this.repository.get(TAM_ASSIGNMENTS, targetId, context);
    return { view: { accountId: aggregate.accountId, tam: aggregate.currentTam }, revision };
  }
}
