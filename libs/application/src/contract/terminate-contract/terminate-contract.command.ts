import type { DateTime } from 'luxon';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class TerminateContract extends AggregateCommand<{ reason: string; at?: DateTime }> {}
