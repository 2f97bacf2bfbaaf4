import { AggregateCommand } from '../../write-path/aggregate-command';

export class UnassignTam extends AggregateCommand<{ reason?: string }> {}
