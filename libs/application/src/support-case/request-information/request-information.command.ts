import { AggregateCommand } from '../../write-path/aggregate-command';

/** `agentId`: who asked; the calling key when omitted. */
export class RequestInformation extends AggregateCommand<{ question: string; agentId?: string }> {}
