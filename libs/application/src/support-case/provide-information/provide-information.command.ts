import { AggregateCommand } from '../../write-path/aggregate-command';
import type { MayReportOccurredAt } from '../occurred-at/occurred-at-policy';

/**
 * The customer's answer to an information request. A customer key answers as itself; a vendor-side
 * caller records an answer given another way (by phone, by email) for `contactId`, by default the
 * contact who opened the case.
 */
export class ProvideInformation extends AggregateCommand<
  { answer: string; contactId?: string } & MayReportOccurredAt
> {}
