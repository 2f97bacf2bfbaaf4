import { AggregateCommand } from '../../write-path/aggregate-command';
import type { MayReportOccurredAt } from '../occurred-at/occurred-at-policy';

/** `agentId`: who responded; the calling key when omitted (a CRM integration names its agent). */
export class RespondToCase extends AggregateCommand<{ message: string; agentId?: string } & MayReportOccurredAt> {}
