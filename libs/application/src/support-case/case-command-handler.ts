import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommand, AggregateCommandHandler } from '../write-path/aggregate-command';
import { SUPPORT_CASES } from '../write-path/aggregate-kinds';
import { actingContactId, requireAuthorisedContact } from './case-actor';

/**
 * Every command on an existing case. Whatever the command, a customer acts only while still an
 * authorised contact of the case's contract: revoking a contact must end their say in open cases.
 */
export abstract class CaseCommandHandler<
  C extends AggregateCommand<unknown>,
  Prepared = void,
> extends AggregateCommandHandler<SupportCase, C, Prepared> {
  protected readonly kind = SUPPORT_CASES;

  protected override async prepare(command: C, _now: DateTime, supportCase: SupportCase): Promise<Prepared> {
    await this.checkCustomer(command, supportCase);
    return undefined as Prepared;
  }

  protected async checkCustomer(command: C, supportCase: SupportCase): Promise<void> {
    const contactId = actingContactId(command.context);
    if (contactId !== undefined)
      await requireAuthorisedContact(this.repository, supportCase, contactId, command.context);
  }
}
