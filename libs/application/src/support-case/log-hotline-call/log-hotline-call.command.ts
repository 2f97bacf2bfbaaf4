import type { VitalInformation } from '@caseledger/domain';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class LogHotlineCall extends AggregateCommand<{ vitalInformation: VitalInformation }> {}
