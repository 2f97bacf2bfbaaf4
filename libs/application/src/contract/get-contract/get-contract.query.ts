import { AggregateQuery } from '../../read-path/aggregate-query';

export class GetContract extends AggregateQuery {}
