import type { CalendarDefinition, Criticality, Priority, SlaTarget } from '@caseledger/sla';
import type { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

/** Either a contract's own terms for a class of case, or an inline calendar and targets to try. */
export type PreviewSlaInput =
  | { contractId: string; priority: Priority; criticality: Criticality; receivedAt: DateTime }
  | { calendar: CalendarDefinition; targets: SlaTarget[]; receivedAt: DateTime };

export class PreviewSla {
  constructor(
    readonly input: PreviewSlaInput,
    readonly context: Pick<CommandContext, 'scope'>,
  ) {}
}

export interface PreviewedClock {
  metric: SlaTarget['metric'];
  minutes: number;
  unit: SlaTarget['unit'];
  dueAt: string;
  warningAt: string;
}

export interface SlaPreview {
  /** The calendar the due instants were computed on, with its version when it is a contract's. */
  calendar: CalendarDefinition;
  clocks: PreviewedClock[];
}
