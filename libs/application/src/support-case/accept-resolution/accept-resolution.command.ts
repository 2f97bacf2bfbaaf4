import { AggregateCommand } from '../../write-path/aggregate-command';

/** Accepted by the side that did not propose: the case is then mutually resolved. */
export class AcceptResolution extends AggregateCommand<Record<string, never>> {}
