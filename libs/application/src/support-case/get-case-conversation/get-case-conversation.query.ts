import { AggregateQuery } from '../../read-path/aggregate-query';

/** The human thread of one case, read from its stream: what people wrote, in order. */
export class GetCaseConversation extends AggregateQuery {}
