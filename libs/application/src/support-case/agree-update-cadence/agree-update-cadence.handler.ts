import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { AgreeUpdateCadence } from './agree-update-cadence.command';

@CommandHandler(AgreeUpdateCadence)
export class AgreeUpdateCadenceHandler extends CaseCommandHandler<AgreeUpdateCadence> {
  protected decide(supportCase: SupportCase, { input }: AgreeUpdateCadence, now: DateTime): void {
    supportCase.agreeUpdateCadence({ minutes: input.minutes, unit: input.unit, at: now });
  }
}
