import { AggregateCommand } from '../../write-path/aggregate-command';

export class RequestApplicationUpdate extends AggregateCommand<{ description: string }> {}
