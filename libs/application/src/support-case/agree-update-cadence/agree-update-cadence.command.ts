import type { TargetUnit } from '@caseledger/sla';
import { AggregateCommand } from '../../write-path/aggregate-command';

/** `unit` defaults in the domain: elapsed minutes for a critical issue, business minutes otherwise. */
export class AgreeUpdateCadence extends AggregateCommand<{ minutes: number; unit?: TargetUnit }> {}
