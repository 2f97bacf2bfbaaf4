import { AggregateCommand } from '../../write-path/aggregate-command';

/** Rejected by the side that did not propose: work continues. */
export class RejectResolution extends AggregateCommand<{ reason: string }> {}
