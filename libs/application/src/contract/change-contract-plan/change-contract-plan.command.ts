import type { DateTime } from 'luxon';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class ChangeContractPlan extends AggregateCommand<{ planId: string; effectiveAt?: DateTime }> {}
