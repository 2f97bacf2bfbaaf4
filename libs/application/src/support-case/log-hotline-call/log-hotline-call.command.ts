import type { VitalInformation } from '@caseledger/domain';
import { AggregateCommand } from '../../write-path/aggregate-command';
import type { MayReportOccurredAt } from '../occurred-at/occurred-at-policy';

export class LogHotlineCall extends AggregateCommand<{ vitalInformation: VitalInformation } & MayReportOccurredAt> {}
