import { Inject, Optional } from '@nestjs/common';
import type { ActionInstant, SupportCase } from '@caseledger/domain';
import { APP_CONFIG, type AppConfig } from '@caseledger/runtime';
import type { DateTime } from 'luxon';
import { AggregateCommand, AggregateCommandHandler } from '../write-path/aggregate-command';
import { SUPPORT_CASES } from '../write-path/aggregate-kinds';
import { actingContactId, requireAuthorisedContact } from './case-actor';
import { actionInstant, MayReportOccurredAt, occurredAtBounds } from './occurred-at/occurred-at-policy';

/**
 * Every command on an existing case. Whatever the command, a customer acts only while still an
 * authorised contact of the case's contract: revoking a contact must end their say in open cases.
 */
export abstract class CaseCommandHandler<
  C extends AggregateCommand<unknown>,
  Prepared = void,
> extends AggregateCommandHandler<SupportCase, C, Prepared> {
  protected readonly kind = SUPPORT_CASES;

  /** Bounds of a reported `occurredAt`; the domain's defaults where no configuration is provided. */
  @Optional()
  @Inject(APP_CONFIG)
  private readonly config?: AppConfig;

  /** For actions another system may report after the fact: `now`, or the `occurredAt` it gave. */
  protected actionInstant(command: C & { input: MayReportOccurredAt }, now: DateTime): ActionInstant {
    return actionInstant(command.context, command.input, now, occurredAtBounds(this.config));
  }

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
