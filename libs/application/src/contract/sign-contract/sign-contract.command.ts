import type { CalendarDefinition, PlanOverrides, TargetOverride } from '@caseledger/sla';
import type { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

export interface SignContractInput {
  accountId: string;
  planId: string;
  serviceTimeZone?: string;
  calendar?: CalendarDefinition;
  targetOverrides?: TargetOverride[];
  planOverrides?: Omit<PlanOverrides, 'targets'>;
  startsAt: DateTime;
  endsAt?: DateTime;
}

export class SignContract {
  constructor(
    readonly input: SignContractInput,
    readonly context: CommandContext,
  ) {}
}
