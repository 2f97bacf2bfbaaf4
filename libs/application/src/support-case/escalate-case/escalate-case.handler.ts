import { CommandHandler } from '@nestjs/cqrs';
import { NoTamAssigned, SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { CaseCommandHandler } from '../case-command-handler';
import { EscalateCase } from './escalate-case.command';

/** Prepared: the id of the TAM holding the account's assignment now, for an escalation to the TAM. */
@CommandHandler(EscalateCase)
export class EscalateCaseHandler extends CaseCommandHandler<EscalateCase, string | undefined> {
  protected override async prepare(
    command: EscalateCase,
    now: DateTime,
    supportCase: SupportCase,
  ): Promise<string | undefined> {
    await this.checkCustomer(command, supportCase);
    if (command.input.to !== 'tam') return undefined;
    const assignment = await this.repository.load(TAM_ASSIGNMENTS, supportCase.accountId);
    const tam = assignment?.aggregate.tamAt(now) ?? null;
    if (tam === null) throw new NoTamAssigned(supportCase.accountId);
    return tam.id;
  }

  protected decide(supportCase: SupportCase, { input }: EscalateCase, now: DateTime, tamId: string | undefined): void {
    supportCase.escalate({ to: input.to, reason: input.reason, tamId, causedBy: input.causedBy, at: now });
  }
}
