import { AggregateCommand } from '../../write-path/aggregate-command';

/** `agentId`: who called back; the calling key when omitted (a CRM integration names its agent). */
export class LogCallback extends AggregateCommand<{ agentId?: string }> {}
