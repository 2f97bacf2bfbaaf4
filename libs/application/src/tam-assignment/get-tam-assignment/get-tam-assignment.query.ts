import { AggregateQuery } from '../../read-path/aggregate-query';

/** Targets the account id. */
export class GetTamAssignment extends AggregateQuery {}
