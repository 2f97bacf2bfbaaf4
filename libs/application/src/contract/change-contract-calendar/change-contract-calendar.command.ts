import type { CalendarDefinition } from '@caseledger/sla';
import { AggregateCommand } from '../../write-path/aggregate-command';

export class ChangeContractCalendar extends AggregateCommand<{ calendar: CalendarDefinition }> {}
