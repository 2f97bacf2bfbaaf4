import { CommandHandler } from '@nestjs/cqrs';
import { TAMAssignment } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { ReassignTam } from './reassign-tam.command';

@CommandHandler(ReassignTam)
export class ReassignTamHandler extends AggregateCommandHandler<TAMAssignment, ReassignTam> {
  protected readonly kind = TAM_ASSIGNMENTS;

  protected decide(assignment: TAMAssignment, { input }: ReassignTam, now: DateTime): void {
    assignment.reassign({ ...input, at: now });
  }
}
