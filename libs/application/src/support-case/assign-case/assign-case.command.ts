import { AggregateCommand } from '../../write-path/aggregate-command';

export class AssignCase extends AggregateCommand<{ agentId: string }> {}
