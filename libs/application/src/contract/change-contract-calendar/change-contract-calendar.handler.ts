import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { ChangeContractCalendar } from './change-contract-calendar.command';

@CommandHandler(ChangeContractCalendar)
export class ChangeContractCalendarHandler extends AggregateCommandHandler<Contract, ChangeContractCalendar> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: ChangeContractCalendar, now: DateTime): void {
    contract.changeCalendar({ calendar: input.calendar, now });
  }
}
