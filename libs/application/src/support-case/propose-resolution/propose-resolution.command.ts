import { AggregateCommand } from '../../write-path/aggregate-command';

/** Either side may propose; the side is the caller's (a customer key: customer, any other: vendor). */
export class ProposeResolution extends AggregateCommand<{ summary: string }> {}
