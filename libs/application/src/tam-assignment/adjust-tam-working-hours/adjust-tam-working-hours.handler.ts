import { CommandHandler } from '@nestjs/cqrs';
import { TAMAssignment } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { AdjustTamWorkingHours } from './adjust-tam-working-hours.command';

@CommandHandler(AdjustTamWorkingHours)
export class AdjustTamWorkingHoursHandler extends AggregateCommandHandler<TAMAssignment, AdjustTamWorkingHours> {
  protected readonly kind = TAM_ASSIGNMENTS;

  protected decide(assignment: TAMAssignment, { input }: AdjustTamWorkingHours, now: DateTime): void {
    assignment.adjustWorkingHours({ workingHours: input.workingHours, at: now });
  }
}
