import { AggregateCommand } from '../../write-path/aggregate-command';

export class CloseCase extends AggregateCommand<Record<string, never>> {}
