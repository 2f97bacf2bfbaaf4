import { AggregateCommand } from '../../write-path/aggregate-command';
import type { MayReportOccurredAt } from '../occurred-at/occurred-at-policy';

/** `agentId`: who called back; the calling key when omitted (a CRM integration names its agent). */
export class LogCallback extends AggregateCommand<{ agentId?: string } & MayReportOccurredAt> {}
