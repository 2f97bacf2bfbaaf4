import { AggregateCommand } from '../../write-path/aggregate-command';

/** `agentId`: who gave the update; the calling key when omitted. */
export class GiveProgressUpdate extends AggregateCommand<{ message: string; agentId?: string }> {}
