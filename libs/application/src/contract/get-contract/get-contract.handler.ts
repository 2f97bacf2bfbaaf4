import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QueryResult } from '../../read-path/aggregate-query';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { ContractView, contractView } from './contract-view';
import { GetContract } from './get-contract.query';

@QueryHandler(GetContract)
export class GetContractHandler implements IQueryHandler<GetContract, QueryResult<ContractView>> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ targetId, context }: GetContract): Promise<QueryResult<ContractView>> {
    const { aggregate, revision } = await this.repository.get(CONTRACTS, targetId, context);
    return { view: contractView(aggregate), revision };
  }
}
