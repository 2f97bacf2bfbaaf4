import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { TamProfile } from '@caseledger/domain';
import { QueryResult } from '../../read-path/aggregate-query';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { GetTamAssignment } from './get-tam-assignment.query';

/** The account has never had a TAM (or is outside the caller's scope): nothing to read. */
export class NoTamAssignmentRecorded extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} has never had a TAM assigned`);
    this.name = 'NoTamAssignmentRecorded';
  }
}

export interface TamAssignmentView {
  accountId: string;
  /** Null after an unassignment. */
  tam: TamProfile | null;
}

@QueryHandler(GetTamAssignment)
export class GetTamAssignmentHandler implements IQueryHandler<GetTamAssignment, QueryResult<TamAssignmentView>> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ targetId, context }: GetTamAssignment): Promise<QueryResult<TamAssignmentView>> {
    const loaded = await this.repository.load(TAM_ASSIGNMENTS, targetId, context);
    if (!loaded) throw new NoTamAssignmentRecorded(targetId);
    const { aggregate, revision } = loaded;
    return { view: { accountId: aggregate.accountId, tam: aggregate.currentTam }, revision };
  }
}
