import type { Criticality, Priority } from '@caseledger/sla';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class ReclassifyCase extends AggregateCommand<{
  priority?: Priority;
  criticality?: Criticality;
  retroactive?: boolean;
  reason: string;
}> {}
