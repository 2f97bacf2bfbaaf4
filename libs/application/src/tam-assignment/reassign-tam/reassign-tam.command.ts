import type { TamProfile } from '@caseledger/domain';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class ReassignTam extends AggregateCommand<{ tam: TamProfile; reason?: string }> {}
