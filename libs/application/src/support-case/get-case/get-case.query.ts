import { AggregateQuery } from '../../read-path/aggregate-query';

export class GetCase extends AggregateQuery {}
