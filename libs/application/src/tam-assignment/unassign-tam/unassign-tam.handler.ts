import { CommandHandler } from '@nestjs/cqrs';
import { TAMAssignment } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { UnassignTam } from './unassign-tam.command';

@CommandHandler(UnassignTam)
export class UnassignTamHandler extends AggregateCommandHandler<TAMAssignment, UnassignTam> {
  protected readonly kind = TAM_ASSIGNMENTS;

  protected decide(assignment: TAMAssignment, { input }: UnassignTam, now: DateTime): void {
    assignment.unassign({ ...input, at: now });
  }
}
