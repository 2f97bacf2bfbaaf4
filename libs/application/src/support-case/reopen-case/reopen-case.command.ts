import { AggregateCommand } from '../../write-path/aggregate-command';

export class ReopenCase extends AggregateCommand<{ reason: string }> {}
