import { AggregateCommand } from '../../write-path/aggregate-command';

/** `agentId`: who provided it; the calling key when omitted. */
export class ProvideWorkaround extends AggregateCommand<{ description: string; agentId?: string }> {}
