import { AggregateCommand } from '../../write-path/aggregate-command';
import type { MayReportOccurredAt } from '../occurred-at/occurred-at-policy';

/** `agentId`: who gave the update; the calling key when omitted. */
export class GiveProgressUpdate extends AggregateCommand<{ message: string; agentId?: string } & MayReportOccurredAt> {}
