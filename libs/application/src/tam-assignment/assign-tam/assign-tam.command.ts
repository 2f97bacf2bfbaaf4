import type { TamProfile } from '@caseledger/domain';
import { AggregateCommand } from '../../write-path/aggregate-command';

/** Targets the account: an account's TAM assignment stream is keyed by the account id. */
export class AssignTam extends AggregateCommand<{ tam: TamProfile }> {}
